#pragma once
#include "ddp/service.hpp"

namespace parley::ddp {

// login: {user, password:{digest, algorithm} | "<plaintext>"} or {resume} (rc-api.md §2.5).
MethodResult login_method(MethodCall& call);
// logout: forgets the session's login and revokes its token.
MethodResult logout_method(MethodCall& call);
// removeOtherTokens: removes every login token of the caller but their own; the connections
// using them close (RC server/methods/removeOtherTokens.ts). Returns nothing.
MethodResult remove_other_tokens_method(MethodCall& call);

}  // namespace parley::ddp
