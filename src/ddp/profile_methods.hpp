#pragma once
#include "ddp/service.hpp"

namespace parley::ddp {

// saveUserProfile(settings, customFields?, {twoFactorCode, twoFactorMethod}?): RC's profile
// form (server/methods/saveUserProfile.ts; chat::UserProfiles has the rules). settings:
// {email?, username?, realname?, newPassword?, statusText?, nickname?, bio?}. Returns true.
MethodResult save_user_profile_method(MethodCall& call);

// saveUserPreferences(preferences): RC's server/methods/saveUserPreferences.ts over the code of
// REST users.setPreferences (chat::UserProfiles::set_preferences). Returns true. A key RC does
// not know, or a value of the wrong type, is Meteor's "Match failed": RC's check() passes
// unknown keys (Match.ObjectIncluding) and stores them, parley refuses them as REST does.
MethodResult save_user_preferences_method(MethodCall& call);

// deleteUserOwnAccount(passwordDigest, confirmRelinquish?): RC's
// app/lib/server/methods/deleteUserOwnAccount.ts over the code of REST users.deleteOwnAccount
// (Accounts_AllowDeleteOwnAccount, then chat::UserAdmin::remove_own). Returns true.
MethodResult delete_user_own_account_method(MethodCall& call);

// getUsernameSuggestion(): RC's app/lib/server/methods/getUsernameSuggestion.ts, the same
// suggestion REST users.getUsernameSuggestion gives. Returns the username.
MethodResult get_username_suggestion_method(MethodCall& call);

}  // namespace parley::ddp
