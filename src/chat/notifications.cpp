#include "chat/notifications.hpp"

#include <algorithm>

#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

std::string string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

bool notification_needs_members(const NotificationInput& in) {
  return in.room.type == "d" || in.group_mention;
}

std::vector<std::string> notification_recipients(const NotificationInput& in,
                                                 const std::vector<std::string>& room_members) {
  std::vector<std::string> out;
  const bool everyone = in.room.type == "d" ||
                        (in.group_mention && room_members.size() <= kNotificationsMaxRoomMembers);
  if (everyone) {
    out = room_members;
  }
  out.insert(out.end(), in.mentioned_user_ids.begin(), in.mentioned_user_ids.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::erase(out, in.sender.id);
  return out;
}

json::object ephemeral_message(std::string_view room_id, std::string_view text, int64_t now_ms) {
  const json::object now{{"$date", now_ms}};
  return {{"_id", util::random_id()},
          {"rid", room_id},
          {"ts", now},
          {"msg", text},
          {"u", json::object{{"_id", "rocket.cat"}, {"username", "rocket.cat"}}},
          {"private", true},
          {"_updatedAt", now}};
}

json::object notification_payload(const NotificationInput& in) {
  const std::string text = string_field(in.message, "msg");
  const bool direct = in.room.type == "d";
  // Rocket.Chat's getNotificationDetails: a DM is titled by its sender; a room by "#name",
  // with the sender named in the text.
  json::object out{{"title", direct ? in.sender.username : "#" + in.room.name},
                   {"text", direct ? text : in.sender.username + ": " + text}};
  json::object message{{"msg", text}};
  if (auto t = string_field(in.message, "t"); !t.empty()) message["t"] = t;
  json::object payload{
      {"_id", string_field(in.message, "_id")},
      {"rid", in.room.id},
      {"sender",
       json::object{
           {"_id", in.sender.id}, {"username", in.sender.username}, {"name", in.sender.name}}},
      {"type", in.room.type},
      {"name", in.room.name},
      {"message", std::move(message)},
  };
  if (auto tmid = string_field(in.message, "tmid"); !tmid.empty()) payload["tmid"] = tmid;
  out["payload"] = std::move(payload);
  return out;
}

}  // namespace parley::chat
