// channels.* / groups.* / im.*: create, info, lists and counters; rooms.get, rooms.info and
// rooms.leave (rc-api.md §6.4, §6.5). Room objects leave through room_json (ISO dates).
#include <algorithm>

#include "chat/permissions.hpp"
#include "chat/room_relations.hpp"
#include "chat/room_settings.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// The caller's rooms of one type, ordered by name then id (DMs have no name), as RC's
// list.joined / groups.list / im.list sort by name.
std::vector<store::RoomRecord> joined_rooms(Services& s, const store::UserRecord& me,
                                            std::string_view type) {
  std::vector<store::RoomRecord> rooms;
  for (const auto& sub : s.store.subscriptions_of_user(me.id, std::nullopt)) {
    if (sub.room_type != type) continue;
    if (auto room = s.store.room_by_id(sub.room_id)) rooms.push_back(std::move(*room));
  }
  std::sort(rooms.begin(), rooms.end(), [](const auto& a, const auto& b) {
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  return rooms;
}

net::HttpResponse room_page(const char* key, std::vector<store::RoomRecord> rooms,
                            const Paging& paging) {
  auto total = static_cast<int64_t>(rooms.size());
  auto begin = std::min<int64_t>(paging.offset, total);
  auto end = paging.count == 0 ? total : std::min<int64_t>(begin + paging.count, total);
  json::array out;
  for (auto i = begin; i < end; ++i) out.emplace_back(room_json(rooms[i]));
  auto count = static_cast<int64_t>(out.size());
  return success(
      {{key, std::move(out)}, {"count", count}, {"offset", paging.offset}, {"total", total}});
}

std::vector<std::string> split_usernames(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

}  // namespace

net::HttpResponse room_create(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  chat::CreateRoom request;
  request.type = std::string(family_info(family).type);
  request.name = p.required_string("name");
  request.members = p.optional_string_array("members");
  request.read_only = p.optional_bool("readOnly").value_or(false);
  request.exclude_self = p.optional_bool("excludeSelf").value_or(false);
  // extraData.topic is the one extra parley keeps; customFields and the rest are ignored.
  if (const json::value* extra = r.body.if_contains("extraData"); extra && !extra->is_null()) {
    if (!extra->is_object()) {
      p.fail("The parameter \"extraData\" must be an object");
    } else {
      Reader e(extra->get_object());
      request.topic = e.optional_string("topic");
      if (e.error()) p.fail(*e.error());
    }
  }
  if (p.error()) return failure(*p.error());
  auto room = s.rooms.create(r.me(), request);
  if (!room) return failure(room.error());
  return success({{family_info(family).room_key, room_json(*room)}});
}

net::HttpResponse im_create(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string username = p.optional_string("username");
  std::string usernames = p.optional_string("usernames");
  bool exclude_self = p.optional_bool("excludeSelf").value_or(false);
  std::vector<std::string> names =
      username.empty() ? split_usernames(usernames) : std::vector<std::string>{username};
  if (names.empty()) p.fail("The parameter \"username\" or \"usernames\" is required");
  if (p.error()) return failure(*p.error());
  auto room = s.rooms.create_direct(r.me(), names, exclude_self);
  if (!room) return failure(room.error());
  json::object out = room_json(*room);
  out["rid"] = room->id;
  return success({{"room", std::move(out)}});
}

net::HttpResponse room_info(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  return success({{family_info(family).room_key, room_json(*room)}});
}

// channels.list: every public channel (view-c-room), else only the caller's; groups.list and
// im.list: the caller's. `sort` is validated; the order is always by name.
net::HttpResponse room_list(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  const FamilyInfo& info = family_info(family);
  if (family == Family::kChannels) {
    if (chat::has_permission(r.me(), "view-c-room")) {
      auto page = s.store.list_rooms({"c"}, paging.offset, paging.count);
      json::array out;
      for (const auto& room : page.rooms) out.emplace_back(room_json(room));
      auto count = static_cast<int64_t>(out.size());
      return success({{info.list_key, std::move(out)},
                      {"count", count},
                      {"offset", paging.offset},
                      {"total", page.total}});
    }
    if (!chat::has_permission(r.me(), "view-joined-room")) return failure(chat::forbidden());
  }
  return room_page(info.list_key, joined_rooms(s, r.me(), info.type), paging);
}

net::HttpResponse channels_list_joined(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  return room_page("channels", joined_rooms(s, r.me(), "c"), paging);
}

// {joined, members, unreads, unreadsFrom, msgs, latest, userMentions}. `unreads` is the
// subscription's unread count (RC's im.counters; its channels.counters recounts messages).
// Another user's counters (`userId`) need view-room-administration, as in RC.
net::HttpResponse room_counters(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  std::string user_id = p.optional_string("userId");
  if (p.error()) return failure(*p.error());
  bool admin = chat::has_permission(r.me(), "view-room-administration");
  if (!user_id.empty() && user_id != r.me().id && !admin) return failure(chat::forbidden());
  if (user_id.empty()) user_id = r.me().id;
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());

  json::object out{{"joined", false},        {"members", nullptr}, {"unreads", nullptr},
                   {"unreadsFrom", nullptr}, {"msgs", nullptr},    {"latest", nullptr},
                   {"userMentions", nullptr}};
  auto sub = s.store.subscription(room->id, user_id);
  if (sub && (sub->open || family == Family::kIm)) {
    out["joined"] = true;
    out["unreads"] = sub->unread;
    out["unreadsFrom"] = util::iso8601(sub->last_seen.value_or(sub->created_at));
    out["userMentions"] = sub->user_mentions;
  }
  if (admin || out["joined"].as_bool()) {
    out["msgs"] = room->msgs;
    out["latest"] = util::iso8601(room->last_message_at.value_or(room->updated_at));
    out["members"] = room->users_count;
  }
  return success(std::move(out));
}

// Rooms of the caller's subscriptions, changed after `updatedSince` when given. Nothing is
// ever listed in `remove`: parley keeps no trash of deleted rooms.
net::HttpResponse rooms_get(Services& s, RestRequest& r) {
  Reader p = r.params();
  auto since = read_iso_date(p, "updatedSince");
  if (p.error()) return failure(*p.error());
  json::array update;
  for (const auto& sub : s.store.subscriptions_of_user(r.me().id, std::nullopt)) {
    auto room = s.store.room_by_id(sub.room_id);
    if (!room || (since && room->updated_at <= *since)) continue;
    update.emplace_back(room_json(*room));
  }
  return success({{"update", std::move(update)}, {"remove", json::array{}}});
}

net::HttpResponse rooms_info(Services& s, RestRequest& r) {
  Reader p = r.params();
  chat::RoomRef ref{p.optional_string("roomId"), p.optional_string("roomName")};
  if (ref.id.empty() && ref.name.empty()) {
    p.fail(chat::domain_error("error-room-param-not-provided",
                              "The parameter \"roomId\" or \"roomName\" is required"));
  }
  if (p.error()) return failure(*p.error());
  auto room = s.rooms.find(r.me(), ref);
  if (!room) return failure(room.error());
  // RC spreads `team` and `parent` next to the room when they apply (chat/room_relations).
  json::object out = ejson_to_rest(chat::room_relations(s.store, *room));
  out["room"] = room_json(*room);
  return success(std::move(out));
}

// {roomId}; sdk alpha sends {rid}, so both are read (rc-api.md §6.5).
net::HttpResponse rooms_leave(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string id = p.optional_string("roomId");
  if (id.empty()) id = p.optional_string("rid");
  if (id.empty()) p.fail("The parameter \"roomId\" is required");
  if (p.error()) return failure(*p.error());
  auto room = s.rooms.find(r.me(), {id, {}});
  if (!room) return failure(room.error());
  auto left = s.rooms.leave(r.me(), *room);
  if (!left) return failure(left.error());
  return success();
}

// rooms.saveRoomSettings {rid, ...settings} -> {rid, result: true}: RC 7's REST form of the
// saveRoomSettings method (chat/room_settings has the rules).
net::HttpResponse rooms_save_room_settings(Services& s, RestRequest& r) {
  Reader p(r.body);
  const std::string rid = p.optional_string("rid");
  if (rid.empty()) p.fail("The parameter \"rid\" is required");
  if (p.error()) return failure(*p.error());
  boost::json::object settings = r.body;
  settings.erase("rid");
  chat::RoomSettingsEditor editor(s.store, s.rooms, s.messages, s.avatars);
  auto saved = editor.save(r.me(), rid, settings);
  if (!saved) return failure(saved.error());
  return success({{"rid", rid}, {"result", true}});
}

}  // namespace parley::rest::handlers
