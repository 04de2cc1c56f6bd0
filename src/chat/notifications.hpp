#pragma once
// Who gets a desktop notification for a new message ("<uid>/notification", rc-api.md §3.2)
// and what it says, as Rocket.Chat's sendNotificationsOnMessage decides by default:
// the other members of a direct room, users mentioned by name, and, in rooms no larger than
// Notifications_Max_Room_Members (100), everyone on @all/@here. The sender never.
// Per-user notification preferences arrive with the settings issue; until then every
// recipient gets the default ("all" for DMs, "mentions" elsewhere).
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"
#include "store/room_records.hpp"

namespace parley::chat {

inline constexpr std::size_t kNotificationsMaxRoomMembers = 100;

struct NotificationInput {
  const store::RoomRecord& room;
  const store::UserRecord& sender;
  const boost::json::object& message;
  const std::vector<std::string>& mentioned_user_ids;  // members only, sender excluded
  bool group_mention = false;
};

// The recipients' ids; `room_members` is read only when the rule needs the whole room.
std::vector<std::string> notification_recipients(const NotificationInput& in,
                                                 const std::vector<std::string>& room_members);
bool notification_needs_members(const NotificationInput& in);

// The one argument of the event: {title, text, payload:{_id, rid, tmid?, sender, type, name,
// message:{msg, t?}}}.
boost::json::object notification_payload(const NotificationInput& in);

// An ephemeral message for "<uid>/message" (rc-api.md §3.2): shown to one user only, from
// rocket.cat, never stored. Rocket.Chat sends one when sendMessage fails, saying why.
boost::json::object ephemeral_message(std::string_view room_id, std::string_view text,
                                      int64_t now_ms);

}  // namespace parley::chat
