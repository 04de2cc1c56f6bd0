#pragma once
// The `<uid>/userData` event on stream-notify-user that RC 7's web client follows for its own
// user (client/lib/userData.ts applies `$set: diff, $unset: unset` to its copy):
// {type: "updated", id, diff: {field: value}, unset: {field: 1}}. Rocket.Chat sends it from
// its users watcher (notifyOnUserChange); parley from each place that changes a user:
// presence (status, statusText), the admin's users.update and setActiveStatus (name,
// username, emails, roles, active), avatars (avatarETag), and the user's own profile.
#include <boost/json/object.hpp>
#include <string_view>

#include "chat/events.hpp"
#include "store/records.hpp"

namespace parley::chat {

void publish_user_data(Events& events, std::string_view user_id, boost::json::object diff,
                       boost::json::object unset = {});

// The fields of `after` the client keeps that differ from `before` (name, username, emails,
// roles, active, status, statusText, avatarETag, requirePasswordChange). Empty: no change.
boost::json::object user_data_diff(const store::UserRecord& before, const store::UserRecord& after);

}  // namespace parley::chat
