// Room lookups the RC 7 web client makes while typing or opening an admin page
// (apps/meteor/app/api/server/v1/rooms.ts and lib/rooms.ts): rooms.isMember,
// rooms.autocomplete.channelAndPrivate / adminRooms / availableForTeams and
// rooms.adminRooms.getRoom. Autocompletes answer at most 10 rooms sorted by name, with
// RC's projection (_id, name, fname, t, avatarETag, encrypted); names match
// case-insensitively (ASCII), as RC's escaped /i regexes.
#include <algorithm>

#include <boost/json/parse.hpp>

#include "chat/accounts.hpp"
#include "chat/permissions.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

constexpr std::size_t kAutocompleteLimit = 10;

// The `selector` parameter, JSON such as {"name":"gen"}: its name (may be empty).
std::string read_selector_name(Reader& p) {
  if (!p.has("selector")) {
    p.fail(chat::plain_failure("The 'selector' param is required"));
    return {};
  }
  std::string text = p.optional_string("selector");
  boost::system::error_code ec;
  json::value selector = json::parse(text, ec);
  if (ec || !selector.is_object()) {
    p.fail("The 'selector' param must be JSON such as {\"name\":\"general\"}");
    return {};
  }
  const auto* name = selector.get_object().if_contains("name");
  return name && name->is_string() ? std::string(name->get_string()) : std::string();
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return chat::lowercase(text).starts_with(chat::lowercase(prefix));
}

bool contains_ci(std::string_view text, std::string_view part) {
  return chat::lowercase(text).find(chat::lowercase(part)) != std::string::npos;
}

std::string fname_of(const store::RoomRecord& room) {
  const auto* fname = room.doc.if_contains("fname");
  return fname && fname->is_string() ? std::string(fname->get_string()) : room.name;
}

json::object autocomplete_item(const store::RoomRecord& room) {
  json::object item{
      {"_id", room.id}, {"name", room.name}, {"fname", fname_of(room)}, {"t", room.type}};
  for (const char* key : {"avatarETag", "encrypted"}) {
    if (const auto* v = room.doc.if_contains(key)) item[key] = *v;
  }
  return item;
}

// Sorted by name, the first ten, as RC's {sort: {name: 1}, limit: 10}.
net::HttpResponse items_reply(std::vector<store::RoomRecord> rooms) {
  std::sort(rooms.begin(), rooms.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  if (rooms.size() > kAutocompleteLimit) rooms.resize(kAutocompleteLimit);
  json::array items;
  for (const auto& room : rooms) items.emplace_back(autocomplete_item(room));
  return success({{"items", std::move(items)}});
}

// Discussions (prid) and team main rooms are left out of the channel pickers, as in RC.
bool plain_room(const store::RoomRecord& room) {
  if (room.doc.contains("prid")) return false;
  const auto* main = room.doc.if_contains("teamMain");
  return main == nullptr || !main->is_bool() || !main->get_bool();
}

}  // namespace

// rooms.isMember?roomId&(userId|username): whether that user is in the room, for a caller
// who can read it (403 otherwise).
net::HttpResponse rooms_is_member(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string room_id = p.optional_string("roomId");
  std::string user_id = p.optional_string("userId");
  std::string username = p.optional_string("username");
  if (p.error()) return failure(*p.error());
  if (room_id.empty()) return failure(chat::invalid_params("must have required property 'roomId'"));
  if (user_id.empty() == username.empty()) {
    return failure(chat::invalid_params("must match exactly one schema in oneOf"));
  }
  auto room = s.store.room_by_id(room_id);
  if (!room) {
    return failure(chat::domain_error(
        "error-room-not-found",
        "The required \"roomId\" or \"roomName\" param provided does not match any channel"));
  }
  if (room->archived) {
    return failure(
        chat::domain_error("error-room-archived", "The channel, " + room->name + ", is archived"));
  }
  // RC's Users.findOneByIdOrUsername: the one value names a user by id or by username.
  const std::string& who = user_id.empty() ? username : user_id;
  auto user = s.store.user_by_id(who);
  if (!user) user = s.store.user_by_username(who);
  if (!user) return failure(chat::plain_failure("error-user-not-found"));
  if (!s.rooms.find(r.me(), {room->id, {}})) return unauthorized();
  return success({{"isMember", s.store.subscription(room->id, user->id).has_value()}});
}

// rooms.autocomplete.channelAndPrivate?selector={"name":...}: the caller's channels and
// groups whose name contains the text.
net::HttpResponse rooms_autocomplete_channel_and_private(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string name = read_selector_name(p);
  if (p.error()) return failure(*p.error());
  std::vector<store::RoomRecord> rooms;
  for (const auto& sub : s.store.subscriptions_of_user(r.me().id, std::nullopt)) {
    if (sub.room_type != "c" && sub.room_type != "p") continue;
    auto room = s.store.room_by_id(sub.room_id);
    if (room && plain_room(*room) && contains_ci(room->name, name)) rooms.push_back(*room);
  }
  return items_reply(std::move(rooms));
}

// rooms.autocomplete.adminRooms?selector={"name":...}: any channel or group whose name or
// fname starts with the text, for view-room-administration (RC also admits can-audit, an
// enterprise permission parley does not have).
net::HttpResponse rooms_autocomplete_admin_rooms(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string name = read_selector_name(p);
  if (p.error()) return failure(*p.error());
  if (!chat::has_permission(r.me(), "view-room-administration")) {
    return failure(chat::plain_failure("error-not-authorized"));
  }
  store::RoomSearch search;
  search.text = name;
  search.types = {"c", "p"};
  std::vector<store::RoomRecord> rooms;
  for (auto& room : s.store.search_rooms(search).rooms) {
    if (starts_with_ci(room.name, name) || starts_with_ci(fname_of(room), name)) {
      rooms.push_back(std::move(room));
    }
  }
  return items_reply(std::move(rooms));
}

// rooms.autocomplete.availableForTeams?name=: channels and groups the caller owns, whose name
// starts with `name`, that are in no team yet (no teamId) and are no discussion.
net::HttpResponse rooms_autocomplete_available_for_teams(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string name = p.optional_string("name");
  if (p.error()) return failure(chat::plain_failure("The 'name' param is invalid"));
  std::vector<store::RoomRecord> rooms;
  for (const auto& sub : s.store.subscriptions_of_user(r.me().id, std::nullopt)) {
    if (sub.room_type != "c" && sub.room_type != "p") continue;
    if (std::find(sub.roles.begin(), sub.roles.end(), "owner") == sub.roles.end()) continue;
    auto room = s.store.room_by_id(sub.room_id);
    if (!room || room->doc.contains("teamId") || room->doc.contains("prid")) continue;
    if (starts_with_ci(room->name, name)) rooms.push_back(std::move(*room));
  }
  return items_reply(std::move(rooms));
}

// rooms.adminRooms.getRoom?rid=: the room as the admin's room editor reads it (the whole
// room, a superset of RC's adminFields projection), for view-room-administration.
net::HttpResponse rooms_admin_rooms_get_room(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string rid = p.optional_string("rid");
  if (p.error()) return failure(*p.error());
  if (!chat::has_permission(r.me(), "view-room-administration")) {
    return failure(chat::plain_failure("error-not-authorized"));
  }
  auto room = s.store.room_by_id(rid);
  // RC's API.v1.failure('not-allowed', 'Not Allowed'): error and errorType as it passes them.
  if (!room) return failure(chat::api_failure("not-allowed", "Not Allowed"));
  return success(room_json(*room));
}

}  // namespace parley::rest::handlers
