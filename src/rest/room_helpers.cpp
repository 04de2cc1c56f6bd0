#include "rest/room_helpers.hpp"

#include "chat/room_access.hpp"
#include "chat/room_views.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"

namespace parley::rest {

namespace json = boost::json;

const FamilyInfo& family_info(Family family) {
  static const FamilyInfo kChannels{"c", "channel", "channels", "The channel"};
  static const FamilyInfo kGroups{"p", "group", "groups", "The private group"};
  static const FamilyInfo kIm{"d", "room", "ims", "The direct message room"};
  switch (family) {
    case Family::kChannels:
      return kChannels;
    case Family::kGroups:
      return kGroups;
    case Family::kIm:
      return kIm;
  }
  return kChannels;
}

RoomParams read_room_params(Reader& reader, Family family) {
  RoomParams params;
  params.id = reader.optional_string("roomId");
  params.name = reader.optional_string("roomName");
  if (family == Family::kIm) params.username = reader.optional_string("username");
  if (params.id.empty() && params.name.empty() && params.username.empty()) {
    reader.fail(chat::domain_error("error-room-param-not-provided",
                                   family == Family::kIm
                                       ? "The parameter \"roomId\" or \"username\" is required"
                                       : "The parameter \"roomId\" or \"roomName\" is required"));
  }
  return params;
}

chat::Result<store::RoomRecord> find_room(Services& s, const store::UserRecord& me,
                                          const RoomParams& params, Family family,
                                          bool check_archived) {
  const FamilyInfo& info = family_info(family);
  chat::RoomRef ref{params.id, params.name};
  if (ref.id.empty() && ref.name.empty() && !params.username.empty()) {
    // A 1:1 DM's id is the two user ids, sorted and concatenated (rc-api.md §1.3).
    auto other = s.store.user_by_username(params.username);
    if (!other) return chat::room_not_found();
    ref.id = other->id == me.id ? me.id : me.id < other->id ? me.id + other->id : other->id + me.id;
  }
  auto room = s.rooms.find(me, ref, info.type);
  if (!room) return room;
  if (check_archived && room->archived) {
    return chat::domain_error("error-room-archived",
                              std::string(info.noun) + ", " + room->name + ", is archived");
  }
  return room;
}

UserParams read_user_params(Reader& reader) {
  UserParams params;
  params.id = reader.optional_string("userId");
  params.username = reader.optional_string("username");
  if (params.id.empty() && params.username.empty()) {
    reader.fail(chat::domain_error("error-user-param-not-provided",
                                   "The required \"userId\" or \"username\" param was not "
                                   "provided"));
  }
  return params;
}

chat::Result<store::UserRecord> find_user(Services& s, const UserParams& params) {
  auto user = !params.id.empty() ? s.store.user_by_id(params.id)
                                 : s.store.user_by_username(params.username);
  if (!user) {
    return chat::domain_error("error-invalid-user",
                              "The required \"userId\" or \"username\" param provided does not "
                              "match any users");
  }
  return std::move(*user);
}

net::HttpResponse plain_failure(std::string message) {
  return json_response(400, {{"success", false}, {"error", std::move(message)}});
}

PagingLimits paging_limits(const Services& s) {
  const auto& st = s.settings;
  return {static_cast<int>(st.integer("API_Default_Count")),
          static_cast<int>(st.integer("API_Upper_Count_Limit")),
          st.boolean("API_Allow_Infinite_Count")};
}

json::object room_json(const store::RoomRecord& room) {
  return ejson_to_rest(chat::room_view(room));
}

json::object subscription_json(const store::SubscriptionRecord& subscription,
                               const store::RoomRecord* room) {
  return ejson_to_rest(chat::subscription_view(subscription, room));
}

json::object message_json(json::object message, std::string_view viewer_id) {
  if (json::value* starred = message.if_contains("starred"); starred && starred->is_array()) {
    json::array mine;
    for (const auto& entry : starred->get_array()) {
      const json::value* id = entry.is_object() ? entry.get_object().if_contains("_id") : nullptr;
      if (id && id->is_string() && id->get_string() == viewer_id) mine.push_back(entry);
    }
    *starred = std::move(mine);
  }
  return ejson_to_rest(std::move(message));
}

json::array messages_json(std::vector<json::object> messages, std::string_view viewer_id) {
  json::array out;
  out.reserve(messages.size());
  for (auto& m : messages) out.emplace_back(message_json(std::move(m), viewer_id));
  return out;
}

net::HttpResponse message_page(chat::MessageList list, const Paging& paging,
                               std::string_view viewer_id) {
  auto count = static_cast<int64_t>(list.messages.size());
  return success({{"messages", messages_json(std::move(list.messages), viewer_id)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", list.total}});
}

}  // namespace parley::rest
