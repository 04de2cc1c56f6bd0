#pragma once
// The presence methods real clients call (rc-api.md §2.5): UserPresence:away / :online for
// the calling connection, UserPresence:setDefaultStatus and setUserStatus for the user's
// chosen status. All need a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult user_presence_away_method(MethodCall& call);
MethodResult user_presence_online_method(MethodCall& call);
MethodResult user_presence_set_default_status_method(MethodCall& call);
MethodResult set_user_status_method(MethodCall& call);

}  // namespace parley::ddp
