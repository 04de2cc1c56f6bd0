#pragma once
// Digests used by the login protocol: SHA-256 as hex (the DDP password digest) and as
// base64 (how Meteor stores a login token).
#include <string>
#include <string_view>

namespace parley::util {

std::string sha256_hex(std::string_view data);
std::string sha256_base64(std::string_view data);
std::string base64_encode(std::string_view data);

}  // namespace parley::util
