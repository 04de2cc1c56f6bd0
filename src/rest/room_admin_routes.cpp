// Room administration: rooms.adminRooms (RC 7 apps/meteor/app/api/server/v1/rooms.ts and
// lib/rooms.ts' findAdminRooms) and channels.delete / groups.delete (v1/channels.ts,
// v1/groups.ts, both through eraseRoom).
#include <algorithm>

#include "chat/permissions.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

// Every room of the given types whose name or fname contains `filter`, default rooms first
// and then by name (RC's default sort). As RC's findByNameOrFnameContainingAndTypes, the
// `discussions` and `teams` pseudo-types add discussions and team main rooms (whatever their
// type), which are otherwise left out. `sort` is validated; the order is always RC's default.
net::HttpResponse rooms_admin_rooms(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  std::string filter = p.optional_string("filter");
  std::vector<std::string> types = p.optional_string_array("types");
  if (p.error()) return failure(*p.error());
  if (!chat::has_permission(r.me(), "view-room-administration")) {
    return plain_failure("error-not-authorized");  // RC throws a plain Error with this text
  }
  store::RoomSearch search;
  search.also_discussions = std::ranges::find(types, "discussions") != types.end();
  search.also_team_mains = std::ranges::find(types, "teams") != types.end();
  search.hide_team_mains = true;
  const bool any_type = types.empty();
  std::erase_if(types, [](const auto& t) { return t == "discussions" || t == "teams"; });
  filter.erase(0, filter.find_first_not_of(" \t"));
  filter.erase(filter.find_last_not_of(" \t") + 1);

  search.text = filter;
  search.types = any_type ? std::vector<std::string>{"c", "p", "d", "l"} : types;
  search.default_first = true;
  search.offset = paging.offset;
  search.count = paging.count;
  store::RoomPage page = s.store.search_rooms(search);
  json::array rooms;
  for (const auto& room : page.rooms) rooms.emplace_back(room_json(room));
  auto count = static_cast<int64_t>(rooms.size());
  return success({{"rooms", std::move(rooms)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

// channels.delete / groups.delete: the room by roomId | roomName (archived ones too), then
// eraseRoom's own checks.
net::HttpResponse room_delete(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  auto erased = s.rooms.erase(r.me(), room->id);
  if (!erased) return failure(erased.error());
  return success({});
}

}  // namespace parley::rest::handlers
