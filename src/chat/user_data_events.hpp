#pragma once
// The `<uid>/userData` event on stream-notify-user that RC 7's web client follows for its own
// user (client/lib/userData.ts applies `$set: diff, $unset: unset` to its copy):
// {type: "updated", id, diff: {field: value}, unset: {field: 1}}. Rocket.Chat sends it from
// its users watcher (notifyOnUserChange); parley from each place that changes a user:
// presence (status, statusText), the admin's users.update and setActiveStatus (name,
// username, emails, roles, active), avatars (avatarETag), and the user's own profile.
// The two updates of a user's fields (users.update, the own profile) also share here what a
// refused write tells the client.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "store/records.hpp"
#include "store/store.hpp"

namespace parley::chat {

void publish_user_data(Events& events, std::string_view user_id, boost::json::object diff,
                       boost::json::object unset = {});

// The fields of `after` the client keeps that differ from `before` (name, username, emails,
// roles, active, status, statusText, avatarETag, requirePasswordChange). Empty: no change.
boost::json::object user_data_diff(const store::UserRecord& before, const store::UserRecord& after);

// RC's error for a user update (Store::modify_user) the store refused: a taken username
// (error-could-not-save-identity), a taken `email` (error-field-unavailable), a user gone
// (error-invalid-user), anything else internal. `method`, when not empty, goes into the
// details of the identity and invalid-user errors, as saveUserProfile's carry it.
Status user_write_status(store::WriteStatus status, const std::optional<std::string>& email,
                         std::string_view method = {});

}  // namespace parley::chat
