#include "chat/password.hpp"

#include <sodium.h>

#include <cctype>
#include <stdexcept>

namespace parley::chat {

std::string hash_password_digest(std::string_view digest, const HashCost& cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, digest.data(), digest.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // Only fails when out of memory: a broken dependency, not bad input.
    throw std::runtime_error("argon2id hashing failed (out of memory?)");
  }
  return out;
}

bool verify_password_digest(std::string_view digest, const std::string& encoded) {
  if (encoded.empty()) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), digest.data(), digest.size()) == 0;
}

bool looks_like_sha256_hex(std::string_view digest) {
  if (digest.size() != 64) return false;
  for (char c : digest) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string normalise_digest(std::string_view digest) {
  std::string out(digest);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace parley::chat
