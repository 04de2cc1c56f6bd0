// Teams: creating and converting, who may see a team, its members, and keeping members in step
// with the main room (Rooms::Observer). Facts from Rocket.Chat 7: apps/meteor/app/api/server/
// v1/teams.ts and apps/meteor/server/services/team/service.ts (error ids, permissions, shapes).
// RC's team service throws plain Errors, which its REST layer answers as 400 {error:<id>}:
// those are plain_failure here.
#include "chat/teams.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "chat/accounts.hpp"
#include "chat/permissions.hpp"
#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// RC's findActiveByIdsOrUsernames, one at a time.
std::optional<store::UserRecord> active_user(store::Store& store, const std::string& id_or_name) {
  auto user = store.user_by_id(id_or_name);
  if (!user) user = store.user_by_username(id_or_name);
  if (!user || !user->active) return std::nullopt;
  return user;
}

// The main room's type: a private team's room is a private group.
std::string main_room_type(int team_type) {
  return team_type == kTeamPrivate ? std::string("p") : std::string("c");
}

}  // namespace

json::object team_view(const store::TeamRecord& team) {
  return {{"_id", team.id},
          {"name", team.name},
          {"type", team.type},
          {"roomId", team.room_id},
          {"createdAt", date_value(team.created_at, DateStyle::kEjson)},
          {"createdBy",
           json::object{{"_id", team.created_by_id}, {"username", team.created_by_username}}},
          {"_updatedAt", date_value(team.updated_at, DateStyle::kEjson)}};
}

bool is_team_main(const store::RoomRecord& room) {
  const json::value* main = room.doc.if_contains("teamMain");
  return main != nullptr && main->is_bool() && main->get_bool();
}

std::string team_id_of(const store::RoomRecord& room) {
  const json::value* id = room.doc.if_contains("teamId");
  return id != nullptr && id->is_string() ? std::string(id->get_string()) : std::string();
}

Teams::Teams(store::Store& store, const util::Clock& clock, RoomAccess& access, Rooms& rooms,
             Messages& messages)
    : store_(store), clock_(clock), access_(access), rooms_(rooms), messages_(messages) {}

Result<store::TeamRecord> Teams::find(const TeamRef& ref) {
  std::optional<store::TeamRecord> team;
  if (!ref.id.empty()) {
    team = store_.team_by_id(ref.id);
  } else if (!ref.name.empty()) {
    team = store_.team_by_name(ref.name);
  }
  if (!team) return plain_failure("team-does-not-exist");
  return std::move(*team);
}

bool Teams::may(const store::UserRecord& user, std::string_view permission,
                const store::TeamRecord& team) {
  auto subscription = store_.subscription(team.room_id, user.id);
  return has_permission(user, permission, subscription ? &*subscription : nullptr);
}

Result<store::TeamRecord> Teams::create(const store::UserRecord& creator,
                                        const CreateTeam& request) {
  if (!has_permission(creator, "create-team")) return forbidden();
  if (request.type != kTeamPublic && request.type != kTeamPrivate) {
    return invalid_params("Match error: Failed Match.OneOf, Match.Maybe or Match.Optional");
  }
  if (store_.team_by_name(request.name)) return plain_failure("team-name-already-exists");
  if (store_.room_by_name(request.name)) return plain_failure("room-name-already-exists");

  store::UserRecord owner = creator;
  if (!request.owner.empty() && request.owner != creator.id) {
    auto found = store_.user_by_id(request.owner);
    if (!found) return plain_failure("error-team-creation");
    owner = std::move(*found);
  }
  std::vector<store::UserRecord> members;
  for (const auto& id_or_name : request.members) {
    auto user = active_user(store_, id_or_name);
    if (!user || user->id == owner.id) continue;
    if (std::none_of(members.begin(), members.end(),
                     [&](const auto& m) { return m.id == user->id; })) {
      members.push_back(std::move(*user));
    }
  }

  CreateRoom room_request;
  room_request.type = main_room_type(request.type);
  room_request.name = request.name;
  for (const auto& m : members) room_request.members.push_back(m.username);
  // RC creates the main room as the owner and turns every failure after its name checks into
  // error-team-creation.
  auto room = rooms_.create(owner, room_request);
  if (!room) return plain_failure("error-team-creation");

  int64_t now = clock_.now_ms();
  store::TeamRecord team;
  team.id = util::random_id();
  team.name = request.name;
  team.type = request.type;
  team.room_id = room->id;
  team.created_at = now;
  team.created_by_id = creator.id;
  team.created_by_username = creator.username;
  std::vector<store::TeamMemberRecord> rows;
  auto row = [&](const store::UserRecord& user, std::vector<std::string> roles) {
    return store::TeamMemberRecord{team.id, user.id,    std::move(roles),
                                   now,     creator.id, creator.username};
  };
  for (const auto& m : members) rows.push_back(row(m, {}));
  rows.push_back(row(owner, {"owner"}));
  if (store_.insert_team(team, rows) != store::WriteStatus::kOk) {
    // Another team took the name meanwhile: take the room back (nobody was told of a team).
    store_.delete_room(room->id);
    access_.members().invalidate(room->id);
    return plain_failure("error-team-creation");
  }
  auto marked = rooms_.update_doc(*room, {{"teamMain", true}, {"teamId", team.id}});
  if (!marked) return plain_failure("error-team-creation");
  return store_.team_by_id(team.id).value_or(team);
}

Result<store::TeamRecord> Teams::convert_room(const store::UserRecord& actor,
                                              const store::RoomRecord& room) {
  if (!has_permission(actor, "create-team") || !rooms_.may(actor, "edit-room", room)) {
    return plain_forbidden();
  }
  if (is_team_main(room) || store_.team_by_name(room.name)) {
    return plain_failure("team-name-already-exists");
  }
  int64_t now = clock_.now_ms();
  store::TeamRecord team;
  team.id = util::random_id();
  team.name = room.name;
  team.type = room.type == "p" ? kTeamPrivate : kTeamPublic;
  team.room_id = room.id;
  team.created_at = now;
  team.created_by_id = actor.id;
  team.created_by_username = actor.username;
  std::vector<store::TeamMemberRecord> rows;
  for (const auto& s : store_.room_members(room.id, 0, 0).subscriptions) {
    if (s.user_id == actor.id) continue;
    rows.push_back({team.id, s.user_id, {}, now, actor.id, actor.username});
  }
  rows.push_back({team.id, actor.id, {"owner"}, now, actor.id, actor.username});
  if (store_.insert_team(team, rows) != store::WriteStatus::kOk) {
    return plain_failure("error-team-creation");
  }
  auto marked = rooms_.update_doc(room, {{"teamMain", true}, {"teamId", team.id}});
  if (!marked) return plain_failure("error-team-creation");
  auto notice = messages_.post_system(*marked, actor, "user-converted-to-team", team.name);
  if (!notice) return notice.error();
  return store_.team_by_id(team.id).value_or(team);
}

Status Teams::check_visible(const store::UserRecord& viewer, const store::TeamRecord& team) {
  auto room = store_.room_by_id(team.room_id);
  if (!room) return plain_failure("Room not found");
  if (access_.can_read(viewer, *room) || has_permission(viewer, "view-all-teams")) return Ok{};
  return plain_forbidden();
}

int64_t Teams::room_count(const store::TeamRecord& team) {
  return static_cast<int64_t>(store_.team_rooms(team.id).size());
}

int64_t Teams::member_count(const store::TeamRecord& team) {
  return store_.count_team_members(team.id);
}

TeamMemberPage Teams::members(const store::UserRecord& viewer, const store::TeamRecord& team,
                              const TeamMemberFilter& filter) {
  TeamMemberPage page;
  if (!store_.team_member(team.id, viewer.id) && !may(viewer, "view-all-teams", team)) {
    return page;
  }
  for (auto& member : store_.team_members(team.id)) {
    auto user = store_.user_by_id(member.user_id);
    // RC lists active users only.
    if (!user || !user->active) continue;
    if (!filter.username.empty() && !contains_folded(user->username, filter.username)) continue;
    if (!filter.name.empty() && !contains_folded(user->name, filter.name)) continue;
    if (!filter.statuses.empty() && !has(filter.statuses, user->status)) continue;
    if (page.total >= filter.offset &&
        (filter.count == 0 || page.total < filter.offset + filter.count)) {
      page.members.push_back({std::move(member), std::move(*user)});
    }
    ++page.total;
  }
  return page;
}

Status Teams::add_members(const store::UserRecord& actor, const store::TeamRecord& team,
                          const std::vector<TeamMemberParams>& members) {
  if (!may(actor, "add-team-member", team) && !may(actor, "edit-team-member", team)) {
    return plain_forbidden();
  }
  auto room = store_.room_by_id(team.room_id);
  if (!room) return plain_failure("team-does-not-exist");
  for (const auto& member : members) {
    auto user = store_.user_by_id(member.user_id);
    if (!user) return plain_failure("invalid-user");
    // Joining the main room makes the team member (joined(), below).
    auto added = rooms_.add_to_room(actor, *room, *user);
    if (!added) return added.error();
    if (!store_.team_member(team.id, user->id)) joined(*room, *user, &actor);
    if (member.roles.empty()) continue;
    // RC adds the roles to the member's and the subscription's ($addToSet).
    auto current = store_.team_member(team.id, user->id);
    std::vector<std::string> roles = current ? current->roles : std::vector<std::string>{};
    for (const auto& role : member.roles) {
      if (!has(roles, role)) roles.push_back(role);
    }
    if (store_.set_team_member_roles(team.id, user->id, roles) != store::WriteStatus::kOk) {
      return internal_error();
    }
    auto subscription = store_.subscription(room->id, user->id);
    std::vector<std::string> room_roles = subscription ? subscription->roles : roles;
    for (const auto& role : member.roles) {
      if (!has(room_roles, role)) room_roles.push_back(role);
    }
    auto set = rooms_.set_subscription_roles(*room, user->id, room_roles);
    if (!set) return set;
  }
  return Ok{};
}

Status Teams::update_member(const store::UserRecord& actor, const store::TeamRecord& team,
                            const TeamMemberParams& member) {
  if (!may(actor, "edit-team-member", team)) return plain_forbidden();
  if (member.user_id.empty()) return plain_failure("invalid-user");
  // RC sets both role lists and answers success even when the user is not a member.
  auto status = store_.set_team_member_roles(team.id, member.user_id, member.roles);
  if (status != store::WriteStatus::kOk && status != store::WriteStatus::kNotFound) {
    return internal_error();
  }
  auto room = store_.room_by_id(team.room_id);
  if (!room) return Ok{};
  return rooms_.set_subscription_roles(*room, member.user_id, member.roles);
}

Status Teams::remove_members(const store::UserRecord& actor, const store::TeamRecord& team,
                             const store::UserRecord& target) {
  auto existing = store_.team_member(team.id, target.id);
  auto subscription = store_.subscription(team.room_id, target.id);
  if (!existing && !subscription) return plain_failure("member-does-not-exist");
  if (existing) {
    if (has(existing->roles, "owner")) {
      auto members = store_.team_members(team.id);
      auto owners = std::count_if(members.begin(), members.end(),
                                  [](const auto& m) { return has(m.roles, "owner"); });
      if (owners == 1) return plain_failure("last-owner-can-not-be-removed");
    }
    store_.remove_team_member(team.id, target.id);
  }
  auto room = store_.room_by_id(team.room_id);
  if (room && subscription) {
    auto removed = rooms_.remove_from_room(*room, target, actor.id != target.id ? &actor : nullptr);
    if (!removed) return removed;
  }
  return Ok{};
}

Status Teams::remove_member(const store::UserRecord& actor, const store::TeamRecord& team,
                            std::string_view user_id, const std::vector<std::string>& rooms) {
  if (!may(actor, "edit-team-member", team)) return plain_forbidden();
  auto user = store_.user_by_id(user_id);
  if (!user || !user->active) return plain_failure("invalid-user");
  auto removed = remove_members(actor, team, *user);
  if (!removed) return removed;
  for (const auto& room : matching_rooms(team, rooms)) {
    if (!access_.is_member(room, *user)) continue;
    auto left = rooms_.remove_from_room(room, *user, &actor);
    if (!left) return left;
  }
  return Ok{};
}

Status Teams::leave(const store::UserRecord& user, const store::TeamRecord& team,
                    const std::vector<std::string>& rooms) {
  auto removed = remove_members(user, team, user);
  if (!removed) return removed;
  for (const auto& room : matching_rooms(team, rooms)) {
    if (!access_.is_member(room, user)) continue;
    auto left = rooms_.remove_from_room(room, user, nullptr);
    if (!left) return left;
  }
  return Ok{};
}

void Teams::joined(const store::RoomRecord& room, const store::UserRecord& user,
                   const store::UserRecord* by) {
  if (!is_team_main(room)) return;
  auto team = store_.team_by_room_id(room.id);
  if (!team) return;
  const store::UserRecord& inviter = by != nullptr ? *by : user;
  store::TeamMemberRecord member{team->id,        user.id,    {},
                                 clock_.now_ms(), inviter.id, inviter.username};
  // RC's Team.addMember: a new member also joins the team's auto-join rooms.
  if (store_.insert_team_member(member) != store::WriteStatus::kOk) return;
  for (const auto& team_room : store_.team_rooms(team->id)) {
    const json::value* auto_join = team_room.doc.if_contains("teamDefault");
    if (auto_join == nullptr || !auto_join->is_bool() || !auto_join->get_bool()) continue;
    auto added = rooms_.add_to_room(inviter, team_room, user);
    if (!added) {
      spdlog::warn("team {}: adding {} to auto-join room {} failed: {}", team->id, user.id,
                   team_room.id, added.error().message());
    }
  }
}

void Teams::left(const store::RoomRecord& room, const store::UserRecord& user) {
  if (!is_team_main(room)) return;
  if (auto team = store_.team_by_room_id(room.id)) store_.remove_team_member(team->id, user.id);
}

void Teams::erased(const store::RoomRecord& room) {
  if (!is_team_main(room)) return;
  // RC's eraseRoom of a main room: the team's other rooms leave it and the team goes.
  auto team = store_.team_by_room_id(room.id);
  if (!team) return;
  for (const auto& team_room : store_.team_rooms(team->id)) {
    auto unset = rooms_.update_doc(team_room, {{"teamId", nullptr}, {"teamDefault", nullptr}});
    if (!unset) spdlog::warn("team {}: freeing room {} failed", team->id, team_room.id);
  }
  store_.delete_team(team->id);
}

}  // namespace parley::chat
