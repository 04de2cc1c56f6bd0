#pragma once
#include "ddp/service.hpp"

namespace parley::ddp {

// saveUserProfile(settings, customFields?, {twoFactorCode, twoFactorMethod}?): RC's profile
// form (server/methods/saveUserProfile.ts; chat::UserProfiles has the rules). settings:
// {email?, username?, realname?, newPassword?, statusText?, nickname?, bio?}. Returns true.
MethodResult save_user_profile_method(MethodCall& call);

}  // namespace parley::ddp
