#pragma once
// Digests used by the login protocol: SHA-256 as hex (the DDP password digest) and as
// base64 (how Meteor stores a login token).
#include <optional>
#include <string>
#include <string_view>

namespace parley::util {

std::string sha256_hex(std::string_view data);
std::string sha256_base64(std::string_view data);
std::string base64_encode(std::string_view data);
// Standard base64 (with padding; whitespace ignored). nullopt if it is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace parley::util
