#include "util/ids.hpp"

#include <sodium.h>

#include <string_view>

namespace parley::util {
namespace {

constexpr std::string_view kIdAlphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string random_over(std::string_view alphabet, std::size_t length) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    // randombytes_uniform avoids modulo bias; libsodium is initialised in main.
    out.push_back(alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))]);
  }
  return out;
}

}  // namespace

std::string random_id(std::size_t length) { return random_over(kIdAlphabet, length); }

std::string random_secret(std::size_t length) { return random_over(kSecretAlphabet, length); }

}  // namespace parley::util
