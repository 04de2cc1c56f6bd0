#pragma once
// Passwords are stored as argon2id(lowercase-hex sha256(password)), so Meteor's DDP login
// ({digest, algorithm:"sha-256"}) and REST's plaintext login meet the same hash, and the
// server never needs the plaintext after the first SHA-256. Hashing is deliberately slow:
// call only from worker threads.
#include <cstddef>
#include <string>
#include <string_view>

namespace parley::chat {

struct HashCost {
  unsigned ops = 2;
  std::size_t mem_bytes = 19u << 20;
};

// Returns libsodium's encoded argon2id string.
std::string hash_password_digest(std::string_view sha256_hex_digest, const HashCost& cost);
bool verify_password_digest(std::string_view sha256_hex_digest, const std::string& encoded);

// Lowercase hex; also accepts an uppercase client digest by normalising it.
std::string normalise_digest(std::string_view digest);
bool looks_like_sha256_hex(std::string_view digest);

}  // namespace parley::chat
