#pragma once
// DESIGN: Rocket.Chat's second factor for sensitive actions (app/2fa/server/code/index.ts,
// checkCodeForUser), the part parley has: the password fallback. parley has no TOTP or email
// codes, so the second factor is always the password, sent as its lowercase SHA-256 hex:
//  - REST: headers `X-2fa-Code: <sha256 hex>` and `X-2fa-Method: password`;
//  - DDP: a last argument {twoFactorCode, twoFactorMethod: "password"}.
// Rules, as RC:
//  - Accounts_TwoFactorAuthentication_Enabled off (when that setting exists): always passes.
//  - A request made with a personal access token created with bypassTwoFactor passes, unless
//    the action requires a second factor outright (`require`: saveUserProfile's email and
//    password changes).
//  - A user without a password passes unless `require` (nothing to ask for).
//  - No code: totp-required; a wrong code: totp-invalid. Both carry RC's details
//    {method:"password", codeGenerated:false, availableMethods:[]}, which clients read to
//    ask for the password.
// Pure: reads only what it is given (argon2id verification costs a few ms: workers only).
#include <optional>
#include <string>

#include "chat/errors.hpp"
#include "store/records.hpp"

namespace parley::chat {

struct SecondFactor {
  std::string code;    // the SHA-256 hex of the password
  std::string method;  // "password"; empty when the client sent none
};

struct SecondFactorPolicy {
  bool enabled = true;   // Accounts_TwoFactorAuthentication_Enabled
  bool require = false;  // RC's requireSecondFactor
  // The token the request came with, when it is one the store knows (bypassTwoFactor).
  std::optional<store::LoginTokenRecord> token;
};

Status check_second_factor(const store::UserRecord& user, const SecondFactor& given,
                           const SecondFactorPolicy& policy);

}  // namespace parley::chat
