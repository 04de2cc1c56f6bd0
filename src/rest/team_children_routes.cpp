// teams.listChildren (RC 7 apps/meteor/app/api/server/v1/teams.ts, Team.listChildren): the rooms
// and main-room discussions of a team the caller may see -> {data, total, offset, count}, where
// `count` is the page size asked for (RC echoes it), not the length of `data`. The team is named
// by exactly one of teamId, teamName or roomId (its main room); an empty or unknown one is 404
// "Resource not found", two of them or a `type` other than channels / discussions is 400.
#include "chat/teams.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/team_routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

net::HttpResponse teams_list_children(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  const int named = static_cast<int>(p.has("teamId")) + static_cast<int>(p.has("teamName")) +
                    static_cast<int>(p.has("roomId"));
  if (named == 0) p.fail("must have required property 'teamId'");
  if (named > 1) p.fail("must match exactly one schema in oneOf");
  const std::string team_id = p.optional_string("teamId");
  const std::string team_name = p.optional_string("teamName");
  const std::string room_id = p.optional_string("roomId");
  chat::TeamChildrenFilter filter;
  filter.name = p.optional_string("filter");
  filter.type = p.optional_string("type");
  if (p.has("type") && filter.type != "channels" && filter.type != "discussions") {
    p.fail("must be equal to one of the allowed values");
  }
  filter.offset = paging.offset;
  filter.count = paging.count;
  if (p.error()) return failure(*p.error());

  std::optional<store::TeamRecord> team;
  if (!team_id.empty()) {
    team = s.store.team_by_id(team_id);
  } else if (!team_name.empty()) {
    team = s.store.team_by_name(team_name);
  } else if (!room_id.empty()) {
    // RC's Team.getOneByRoomId: the room's own team (teamId), any room of the team.
    auto room = s.store.room_by_id(room_id);
    if (!room) return failure(chat::plain_failure("invalid-room"));
    const std::string of_room = chat::team_id_of(*room);
    if (of_room.empty()) return failure(chat::plain_failure("room-not-on-team"));
    team = s.store.team_by_id(of_room);
  }
  if (!team) return failure(chat::not_found());

  auto page = s.teams->children(r.me(), *team, filter);
  if (!page) return failure(page.error());
  json::array data;
  for (const auto& room : page->rooms) data.emplace_back(room_json(room));
  return success({{"data", std::move(data)},
                  {"total", page->total},
                  {"offset", paging.offset},
                  {"count", paging.count}});
}

}  // namespace parley::rest::handlers
