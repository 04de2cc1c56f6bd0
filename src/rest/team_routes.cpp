// teams.* (RC 7 apps/meteor/app/api/server/v1/teams.ts) and channels./groups.convertToTeam.
// RC's shapes: a team is its ITeam; lists are {teams|members|rooms, total, count, offset}; an
// unknown team is 400 {error:'team-does-not-exist'} (teams.info: 'Team not found'), a missing
// team permission 403 {error:'unauthorized'} (teams.create / listAll: permissionsRequired's
// error-unauthorized). The rules are chat/teams'; this file reads and writes JSON.
#include "rest/team_routes.hpp"
#include "chat/permissions.hpp"
#include "chat/teams.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

chat::TeamRef read_team_ref(Reader& p) {
  chat::TeamRef ref{p.optional_string("teamId"), p.optional_string("teamName")};
  if (ref.id.empty() && ref.name.empty()) p.fail("must have required property 'teamId'");
  return ref;
}

json::object team_json(const store::TeamRecord& team) {
  return ejson_to_rest(chat::team_view(team));
}

// teams.list / listAll records: the team with its room and member counts.
json::array team_infos(Services& s, const store::TeamPage& page) {
  json::array out;
  for (const auto& team : page.teams) {
    json::object t = team_json(team);
    t["rooms"] = s.teams->room_count(team);
    t["numberOfUsers"] = s.teams->member_count(team);
    out.emplace_back(std::move(t));
  }
  return out;
}

net::HttpResponse team_page(Services& s, const store::TeamPage& page, const Paging& paging) {
  json::array teams = team_infos(s, page);
  auto count = static_cast<int64_t>(teams.size());
  return success({{"teams", std::move(teams)},
                  {"total", page.total},
                  {"count", count},
                  {"offset", paging.offset}});
}

json::array rooms_json(const std::vector<store::RoomRecord>& rooms) {
  json::array out;
  for (const auto& room : rooms) out.emplace_back(room_json(room));
  return out;
}

// A team's `rooms` / `roomsToRemove` list: absent is empty.
std::vector<std::string> read_room_list(Reader& p, std::string_view key) {
  return p.optional_string_array(key);
}

// teams.addMembers' members / updateMember's member: {userId, roles?}.
std::optional<chat::TeamMemberParams> member_params(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  const json::value* id = o.if_contains("userId");
  if (id == nullptr || !id->is_string()) return std::nullopt;
  chat::TeamMemberParams m;
  m.user_id = std::string(id->get_string());
  if (const json::value* roles = o.if_contains("roles"); roles != nullptr) {
    if (!roles->is_array()) return std::nullopt;
    for (const auto& role : roles->get_array()) {
      if (!role.is_string()) return std::nullopt;
      m.roles.emplace_back(role.get_string());
    }
  }
  return m;
}

// The step every handler naming a team takes once it has read its request: the reader's first
// error, else the team (RC's team-does-not-exist).
chat::Result<store::TeamRecord> read_team(Services& s, const Reader& p, const chat::TeamRef& ref) {
  if (p.error()) return *p.error();
  return s.teams->find(ref);
}

// A team change RC answers with {success:true}.
net::HttpResponse changed(const chat::Status& status) {
  return status ? success() : failure(status.error());
}

// teams.leave / delete / convertToChannel: the body's team and the list of its rooms under
// `rooms_key` (absent: none), handed to `action`.
using TeamRoomsAction = chat::Status (chat::Teams::*)(const store::UserRecord&,
                                                      const store::TeamRecord&,
                                                      const std::vector<std::string>&);
net::HttpResponse team_rooms_change(Services& s, RestRequest& r, std::string_view rooms_key,
                                    TeamRoomsAction action) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::vector<std::string> rooms = read_room_list(p, rooms_key);
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  return changed((s.teams->*action)(r.me(), *team, rooms));
}

net::HttpResponse convert_to_team(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  const bool channel = family == Family::kChannels;
  RoomParams params;
  params.id = p.optional_string(channel ? "channelId" : "roomId");
  params.name = p.optional_string(channel ? "channelName" : "roomName");
  if (p.error()) return failure(*p.error());
  if (params.id.empty() && params.name.empty()) {
    return plain_failure(channel ? "The parameter \"channelId\" or \"channelName\" is required"
                                 : "The parameter \"roomId\" or \"roomName\" is required");
  }
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  auto team = s.teams->convert_room(r.me(), *room);
  if (!team) return failure(team.error());
  return success({{"team", team_json(*team)}});
}

}  // namespace

net::HttpResponse teams_create(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::CreateTeam request;
  request.name = p.required_string("name");
  auto type = p.optional_int("type");
  request.members = p.optional_string_array("members");
  request.owner = p.optional_string("owner");
  if (!type) p.fail("must have required property 'type'");
  if (p.error()) return failure(*p.error());
  request.type = static_cast<int>(*type);
  auto team = s.teams->create(r.me(), request);
  if (!team) return failure(team.error());
  return success({{"team", team_json(*team)}});
}

net::HttpResponse teams_info(Services& s, RestRequest& r) {
  Reader p = r.params();
  chat::TeamRef ref = read_team_ref(p);
  if (p.error()) return failure(*p.error());
  auto team = s.teams->find(ref);
  if (!team) return plain_failure("Team not found");
  auto visible = s.teams->check_visible(r.me(), *team);
  if (!visible) return failure(visible.error());
  return success({{"teamInfo", team_json(*team)}});
}

net::HttpResponse teams_list(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  return team_page(s, s.store.teams_of_user(r.me().id, paging.offset, paging.count), paging);
}

net::HttpResponse teams_list_all(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-all-teams")) return failure(chat::forbidden());
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());
  return team_page(s, s.store.list_teams(paging.offset, paging.count), paging);
}

// users.listTeams?userId: the teams the user belongs to, as RC's
// Team.findBySubscribedUserIds: a caller without view-all-teams sees only the teams they
// belong to as well. {teams:[...]} without paging, as RC answers.
net::HttpResponse users_list_teams(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("userId")) p.fail("must have required property 'userId'");
  std::string user_id = p.optional_string("userId");
  if (p.error()) return failure(*p.error());
  const bool all = chat::has_permission(r.me(), "view-all-teams");
  json::array teams;
  for (const auto& team : s.store.teams_of_user(user_id, 0, 0).teams) {
    if (!all && !s.store.team_member(team.id, r.me().id)) continue;
    teams.emplace_back(team_json(team));
  }
  return success({{"teams", std::move(teams)}});
}

// {members:[{user:{_id, username, name, status}, roles?, createdBy, createdAt}], ...}
net::HttpResponse teams_members(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  chat::TeamRef ref = read_team_ref(p);
  chat::TeamMemberFilter filter;
  filter.username = p.optional_string("username");
  filter.name = p.optional_string("name");
  filter.statuses = p.optional_string_array("status");
  filter.offset = paging.offset;
  filter.count = paging.count;
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  auto page = s.teams->members(r.me(), *team, filter);
  json::array members;
  for (const auto& m : page.members) {
    json::object entry{{"user", json::object{{"_id", m.user.id},
                                             {"username", m.user.username},
                                             {"name", m.user.name},
                                             {"status", m.user.status}}},
                       {"createdBy", json::object{{"_id", m.member.created_by_id},
                                                  {"username", m.member.created_by_username}}},
                       {"createdAt", util::iso8601(m.member.created_at)}};
    if (!m.member.roles.empty()) {
      json::array roles;
      for (const auto& role : m.member.roles) roles.emplace_back(role);
      entry["roles"] = std::move(roles);
    }
    members.emplace_back(std::move(entry));
  }
  auto count = static_cast<int64_t>(members.size());
  return success({{"members", std::move(members)},
                  {"total", page.total},
                  {"count", count},
                  {"offset", paging.offset}});
}

net::HttpResponse teams_add_members(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::vector<chat::TeamMemberParams> members;
  const json::value* list = r.body.if_contains("members");
  if (list == nullptr || !list->is_array() || list->get_array().empty()) {
    p.fail("must have required property 'members'");
  } else {
    for (const auto& v : list->get_array()) {
      auto m = member_params(v);
      if (!m) {
        p.fail("must have required property 'userId'");
        break;
      }
      members.push_back(std::move(*m));
    }
  }
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  return changed(s.teams->add_members(r.me(), *team, members));
}

net::HttpResponse teams_update_member(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::optional<chat::TeamMemberParams> member;
  if (const json::value* v = r.body.if_contains("member")) member = member_params(*v);
  if (!member) p.fail("must have required property 'member'");
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  return changed(s.teams->update_member(r.me(), *team, *member));
}

net::HttpResponse teams_remove_member(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::string user_id = p.required_string("userId");
  std::vector<std::string> rooms = read_room_list(p, "rooms");
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  return changed(s.teams->remove_member(r.me(), *team, user_id, rooms));
}

net::HttpResponse teams_leave(Services& s, RestRequest& r) {
  return team_rooms_change(s, r, "rooms", &chat::Teams::leave);
}

net::HttpResponse teams_add_rooms(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::vector<std::string> rooms = read_room_list(p, "rooms");
  if (!p.has("rooms")) p.fail("must have required property 'rooms'");
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  auto moved = s.teams->add_rooms(r.me(), *team, rooms);
  if (!moved) return failure(moved.error());
  return success({{"rooms", rooms_json(*moved)}});
}

net::HttpResponse teams_remove_room(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref = read_team_ref(p);
  std::string room_id = p.required_string("roomId");
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  auto room = s.teams->remove_room(r.me(), *team, room_id);
  if (!room) return failure(room.error());
  return success({{"room", room_json(*room)}});
}

net::HttpResponse teams_update_room(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string room_id = p.required_string("roomId");
  auto is_default = p.optional_bool("isDefault");
  if (!is_default) p.fail("must have required property 'isDefault'");
  if (p.error()) return failure(*p.error());
  auto room = s.teams->update_room(r.me(), room_id, *is_default);
  if (!room) return failure(room.error());
  return success({{"room", room_json(*room)}});
}

net::HttpResponse teams_list_rooms(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  chat::TeamRef ref = read_team_ref(p);
  chat::TeamRoomFilter filter;
  filter.name = p.optional_string("filter");
  filter.auto_join = p.optional_string("type") == "autoJoin";
  filter.offset = paging.offset;
  filter.count = paging.count;
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  auto page = s.teams->list_rooms(r.me(), *team, filter);
  if (!page) return failure(page.error());
  json::array rooms = rooms_json(page->rooms);
  auto count = static_cast<int64_t>(rooms.size());
  return success({{"rooms", std::move(rooms)},
                  {"total", page->total},
                  {"count", count},
                  {"offset", paging.offset}});
}

// {rooms:[room + isLastOwner], total, count, offset:0}: RC answers offset 0 whatever was asked.
net::HttpResponse teams_list_rooms_of_user(Services& s, RestRequest& r) {
  Reader p = r.params();
  Paging paging = read_paging(p, paging_limits(s));
  chat::TeamRef ref = read_team_ref(p);
  std::string user_id = p.required_string("userId");
  const bool deletable_only = p.optional_string("canUserDelete") == "true";
  auto team = read_team(s, p, ref);
  if (!team) return failure(team.error());
  if (user_id != r.me().id && !s.teams->may(r.me(), "view-all-team-channels", *team)) {
    return failure(chat::plain_forbidden());
  }
  auto found = s.teams->rooms_of_user(r.me(), *team, user_id, deletable_only);
  if (!found) return failure(found.error());
  json::array rooms;
  const auto total = static_cast<int64_t>(found->size());
  for (int64_t i = paging.offset;
       i < total && (paging.count == 0 || i < paging.offset + paging.count); ++i) {
    json::object room = room_json((*found)[static_cast<std::size_t>(i)].room);
    room["isLastOwner"] = (*found)[static_cast<std::size_t>(i)].is_last_owner;
    rooms.emplace_back(std::move(room));
  }
  auto count = static_cast<int64_t>(rooms.size());
  return success({{"rooms", std::move(rooms)}, {"total", total}, {"count", count}, {"offset", 0}});
}

// {teams:[{_id, name, fname, t, teamId, avatarETag?}]}: the fields RC projects.
net::HttpResponse teams_autocomplete(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string name = p.required_string("name");
  if (p.error()) return failure(*p.error());
  json::array teams;
  for (const auto& room : s.teams->autocomplete(r.me(), name)) {
    json::object entry{{"_id", room.id}, {"name", room.name}, {"t", room.type}};
    for (const char* key : {"fname", "teamId", "avatarETag"}) {
      if (const json::value* v = room.doc.if_contains(key)) entry[key] = *v;
    }
    teams.emplace_back(std::move(entry));
  }
  return success({{"teams", std::move(teams)}});
}

net::HttpResponse teams_delete(Services& s, RestRequest& r) {
  return team_rooms_change(s, r, "roomsToRemove", &chat::Teams::erase);
}

net::HttpResponse teams_convert_to_channel(Services& s, RestRequest& r) {
  return team_rooms_change(s, r, "roomsToRemove", &chat::Teams::convert_to_channel);
}

net::HttpResponse room_convert_to_team(Services& s, RestRequest& r, Family family) {
  return convert_to_team(s, r, family);
}

}  // namespace parley::rest::handlers
