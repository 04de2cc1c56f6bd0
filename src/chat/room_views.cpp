#include "chat/room_views.hpp"

#include <boost/json/array.hpp>

#include "chat/user_views.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object room_view(const store::RoomRecord& room) {
  json::object out = room.doc;
  out["_id"] = room.id;
  out["t"] = room.type;
  if (!room.name.empty()) out["name"] = room.name;
  out["msgs"] = room.msgs;
  out["usersCount"] = room.users_count;
  out["ro"] = room.read_only;
  out["default"] = room.is_default;
  if (room.archived) out["archived"] = true;
  out["ts"] = date_value(room.created_at, DateStyle::kEjson);
  out["_updatedAt"] = date_value(room.updated_at, DateStyle::kEjson);
  if (room.last_message_at) out["lm"] = date_value(*room.last_message_at, DateStyle::kEjson);
  if (!room.last_message.empty()) out["lastMessage"] = room.last_message;
  return out;
}

json::object removed_subscription_view(const store::RemovedSubscription& removed) {
  return {{"_id", removed.id}, {"_deletedAt", json::object{{"$date", removed.removed_at}}}};
}

json::object subscription_view(const store::SubscriptionRecord& s, const store::RoomRecord* room) {
  json::array roles;
  for (const auto& r : s.roles) roles.emplace_back(r);
  json::object out{
      {"_id", s.id},
      {"rid", s.room_id},
      {"u", json::object{{"_id", s.user_id}, {"username", s.username}}},
      {"t", s.room_type},
      {"name", s.name},
      {"fname", s.fname.empty() ? s.name : s.fname},
      {"open", s.open},
      {"alert", s.alert},
      {"unread", s.unread},
      {"userMentions", s.user_mentions},
      {"groupMentions", s.group_mentions},
      {"ts", date_value(s.created_at, DateStyle::kEjson)},
      {"_updatedAt", date_value(s.updated_at, DateStyle::kEjson)},
      {"roles", std::move(roles)},
      {"f", s.favorite},
  };
  if (s.last_seen) out["ls"] = date_value(*s.last_seen, DateStyle::kEjson);
  if (s.archived) out["archived"] = true;
  // Discussions and chat.ignoreUser (migration 0009).
  if (!s.prid.empty()) out["prid"] = s.prid;
  if (room != nullptr) {
    if (const auto* team = room->doc.if_contains("teamId"); team && team->is_string()) {
      out["teamId"] = *team;
    }
    if (const auto* main = room->doc.if_contains("teamMain"); main && main->is_bool()) {
      out["teamMain"] = *main;
    }
  }
  if (!s.ignored.empty()) {
    json::array ignored;
    for (const auto& uid : s.ignored) ignored.emplace_back(uid);
    out["ignored"] = std::move(ignored);
  }
  return out;
}

}  // namespace parley::chat
