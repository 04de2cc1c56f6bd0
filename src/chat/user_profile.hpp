#pragma once
// DESIGN: what users change about themselves, with Rocket.Chat's rules:
//  - update_own is saveUserProfile (server/methods/saveUserProfile.ts), which REST's
//    users.updateOwnBasicInfo calls too. In RC's order: the second factor when the email or
//    the password changes (the current password, chat/two_factor.hpp), then
//    Accounts_AllowUserProfileChange, then validateUserEditing's per-field settings
//    (Accounts_AllowUsernameChange, ...RealNameChange, ...EmailChange, ...PasswordChange,
//    ...UserStatusMessageChange), then each field's own checks. Unlike RC, which writes field
//    by field, everything is checked first and written in one modify_user, so a refusal
//    changes nothing. A new password removes the user's other login tokens (not the caller's,
//    not personal access tokens).
//  - Custom fields (Accounts_CustomFields, chat/custom_fields.hpp) for users.create,
//    users.register, users.update and the profile: check_custom_fields before an account is
//    written, save_custom_fields after.
//  - Preferences (users.getPreferences / setPreferences): the keys and types of RC's
//    UsersSetPreferencesParamsPOST; stored as one JSON object, merged on each save.
//  - Username suggestions and availability (getUsernameSuggestion,
//    checkUsernameAvailabilityWithValidation).
// Holds references only: cheap to make per request. Workers only (store, argon2id).
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "chat/accounts.hpp"
#include "chat/custom_fields.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/presence.hpp"
#include "chat/settings.hpp"
#include "chat/two_factor.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// saveUserProfile's `settings` (users.updateOwnBasicInfo's `data`): only what is present
// changes; RC's truthiness rules apply (an empty username or name is "not given").
struct ProfileUpdate {
  std::optional<std::string> email;
  std::optional<std::string> realname;
  std::optional<std::string> username;
  std::optional<std::string> status_text;
  std::optional<std::string> new_password;  // plaintext, as RC's clients send it
  std::optional<std::string> nickname;
  std::optional<std::string> bio;
};

// The keys RC's clients send ProfileUpdate's fields under, in RC's order, each handed to `read`
// with its field: the transports read them by their own rules (DDP's Meteor check, REST's
// Reader). The display name is `name_key`: saveUserProfile's "realname", updateOwnBasicInfo's
// "name".
void read_profile_fields(
    ProfileUpdate& update, std::string_view name_key,
    const std::function<void(std::string_view key, std::optional<std::string>& field)>& read);

class UserProfiles {
 public:
  // `presence` may be null (the status text is then stored with the rest of the row).
  UserProfiles(store::Store& store, const Settings& settings, Accounts& accounts, Events& events,
               const util::Clock& clock, Presence* presence)
      : store_(store),
        settings_(settings),
        accounts_(accounts),
        events_(events),
        clock_(clock),
        presence_(presence) {}

  // `auth_token`: the clear login token the request came with; it survives a password
  // change (the user's other tokens do not).
  Result<store::UserRecord> update_own(const store::UserRecord& me, const ProfileUpdate& data,
                                       const boost::json::object* custom_fields,
                                       const SecondFactor& second, std::string_view auth_token);

  // The definition in force; error-invalid-customfield-json when the setting is not JSON.
  Result<CustomFieldsDefinition> custom_fields_definition() const;
  Status check_custom_fields(const boost::json::object& values) const;
  // Validates (unless `validated`) and stores the defined fields. With the setting blank the
  // user is returned unchanged: RC drops custom fields then.
  Result<store::UserRecord> save_custom_fields(std::string_view user_id,
                                               const boost::json::object& values,
                                               bool validated = false);

  // users.setPreferences: `user_id` empty means the actor. Returns the user as written.
  Result<store::UserRecord> set_preferences(const store::UserRecord& actor,
                                            std::string_view user_id,
                                            const boost::json::object& data);

  std::string username_suggestion(const store::UserRecord& me);
  Result<bool> username_available(const store::UserRecord& me, std::string_view username);

 private:
  Status check_editing(const store::UserRecord& me, const ProfileUpdate& data) const;

  store::Store& store_;
  const Settings& settings_;
  Accounts& accounts_;
  Events& events_;
  const util::Clock& clock_;
  Presence* presence_;
};

// The stored preferences as an object ({} when none or unreadable).
boost::json::object preferences_of(const store::UserRecord& user);
// The stored custom fields, if any were ever saved.
std::optional<boost::json::object> custom_fields_of(const store::UserRecord& user);

}  // namespace parley::chat
