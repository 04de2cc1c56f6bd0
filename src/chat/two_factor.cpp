#include "chat/two_factor.hpp"

#include <boost/json/array.hpp>

#include "chat/password.hpp"

namespace parley::chat {

namespace {

Error code_error(std::string code, std::string reason) {
  Error e = domain_error(std::move(code), std::move(reason));
  e.details["method"] = "password";
  e.details["codeGenerated"] = false;
  e.details["availableMethods"] = boost::json::array{};
  return e;
}

}  // namespace

Status check_second_factor(const store::UserRecord& user, const SecondFactor& given,
                           const SecondFactorPolicy& policy) {
  if (!policy.enabled) return Ok{};
  if (!policy.require && policy.token && !policy.token->name.empty() &&
      policy.token->bypass_two_factor) {
    return Ok{};
  }
  if (!policy.require && user.password_hash.empty()) return Ok{};
  // Only the password method exists here; RC answers an unknown method the same way.
  if (given.code.empty()) return code_error("totp-required", "TOTP Required");
  const std::string digest = normalise_digest(given.code);
  if (user.password_hash.empty() || !looks_like_sha256_hex(digest) ||
      !verify_password_digest(digest, user.password_hash)) {
    return code_error("totp-invalid", "TOTP Invalid");
  }
  return Ok{};
}

}  // namespace parley::chat
