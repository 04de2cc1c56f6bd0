#pragma once
#include "ddp/service.hpp"

namespace parley::ddp {

// RC's personalAccessTokens:generateToken / :regenerateToken / :removeToken, which RC 7's web
// client calls from its account page. {tokenName, bypassTwoFactor?}; the second factor comes
// as a last argument {twoFactorCode, twoFactorMethod: "password"} (chat/two_factor.hpp).
// generate and regenerate return the clear token, remove nothing.
MethodResult generate_token_method(MethodCall& call);
MethodResult regenerate_token_method(MethodCall& call);
MethodResult remove_token_method(MethodCall& call);

}  // namespace parley::ddp
