// Teams: the rooms of a team (teams.addRooms, removeRoom, updateRoom, listRooms) and the end of
// a team (teams.delete, teams.convertToChannel). Facts from RC 7's team service: the error ids
// are its thrown Errors' messages, the system messages its saveSystemMessage types.
#include <algorithm>
#include <cctype>

#include "chat/accounts.hpp"
#include "chat/permissions.hpp"
#include "chat/teams.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

bool is_owner(store::Store& store, const store::RoomRecord& room, const store::UserRecord& user) {
  auto s = store.subscription(room.id, user.id);
  return s && std::find(s->roles.begin(), s->roles.end(), "owner") != s->roles.end();
}

bool auto_join(const store::RoomRecord& room) {
  const json::value* v = room.doc.if_contains("teamDefault");
  return v != nullptr && v->is_bool() && v->get_bool();
}

}  // namespace

Result<std::vector<store::RoomRecord>> Teams::add_rooms(const store::UserRecord& actor,
                                                        const store::TeamRecord& team,
                                                        const std::vector<std::string>& room_ids) {
  if (!may(actor, "move-room-to-team", team)) {
    return plain_forbidden("error-no-permission-team-channel");
  }
  auto main = store_.room_by_id(team.room_id);
  if (!main) return plain_failure("invalid-team");
  // Every room is checked before any moves, so a refusal changes nothing.
  std::vector<store::RoomRecord> rooms;
  for (const auto& id : room_ids) {
    if (id.empty()) continue;
    auto room = store_.room_by_id(id);
    if (!room || !access_.can_read(actor, *room)) return plain_failure("invalid-room");
    rooms.push_back(std::move(*room));
  }
  for (const auto& room : rooms) {
    if (!team_id_of(room).empty()) return plain_failure("room-already-on-team");
    if (!is_owner(store_, room, actor)) return plain_failure("error-no-owner-channel");
  }
  std::vector<store::RoomRecord> moved;
  for (const auto& room : rooms) {
    if (room.type == "c") {
      auto notice = messages_.post_system(*main, actor, "user-added-room-to-team", room.name);
      if (!notice) return notice.error();
    }
    auto updated = rooms_.update_doc(room, {{"teamId", team.id}});
    if (!updated) return updated.error();
    moved.push_back(std::move(*updated));
  }
  return moved;
}

Result<store::RoomRecord> Teams::remove_room(const store::UserRecord& actor,
                                             const store::TeamRecord& team,
                                             std::string_view room_id) {
  if (!may(actor, "remove-team-channel", team)) return plain_forbidden();
  const bool any_room = may(actor, "view-all-team-channels", team);
  auto room = store_.room_by_id(room_id);
  if (!room || (!any_room && !access_.can_read(actor, *room))) {
    return plain_failure("invalid-room");
  }
  if (team_id_of(*room) != team.id || is_team_main(*room)) {
    return plain_failure("room-not-on-that-team");
  }
  auto updated = rooms_.update_doc(*room, {{"teamId", nullptr}, {"teamDefault", nullptr}});
  if (!updated) return updated;
  if (room->type == "c") {
    if (auto main = store_.room_by_id(team.room_id)) {
      auto notice = messages_.post_system(*main, actor, "user-removed-room-from-team", room->name);
      if (!notice) return notice.error();
    }
  }
  return updated;
}

Result<store::RoomRecord> Teams::update_room(const store::UserRecord& actor,
                                             std::string_view room_id, bool is_default) {
  auto room = store_.room_by_id(room_id);
  if (!room) return plain_failure("invalid-room");
  const std::string team_id = team_id_of(*room);
  if (team_id.empty()) return plain_failure("room-not-on-team");
  auto team = store_.team_by_id(team_id);
  if (!team) return plain_failure("team-does-not-exist");
  if (!may(actor, "edit-team-channel", *team)) return plain_forbidden();
  if (!may(actor, "view-all-team-channels", *team) && !access_.can_read(actor, *room)) {
    return plain_failure("invalid-room");
  }
  auto updated = rooms_.update_doc(*room, {{"teamDefault", is_default}});
  if (!updated) return updated;
  if (is_default) {
    // Every team member joins an auto-join room now, as later members will (joined()).
    for (const auto& member : store_.team_members(team->id)) {
      auto user = store_.user_by_id(member.user_id);
      if (!user || !user->active) continue;
      auto added = rooms_.add_to_room(actor, *updated, *user);
      if (!added) return added.error();
    }
  }
  return store_.room_by_id(room->id).value_or(*updated);
}

Result<store::RoomPage> Teams::list_rooms(const store::UserRecord& viewer,
                                          const store::TeamRecord& team,
                                          const TeamRoomFilter& filter) {
  const bool any_team = may(viewer, "view-all-teams", team);
  const bool all_rooms = may(viewer, "view-all-team-channels", team);
  if (team.type == kTeamPrivate && !any_team && !store_.team_member(team.id, viewer.id)) {
    return plain_failure("user-not-on-private-team");
  }
  std::string name = filter.name;
  name.erase(0, name.find_first_not_of(" \t"));
  name.erase(name.find_last_not_of(" \t") + 1);
  store::RoomPage page;
  for (auto& room : store_.team_rooms(team.id)) {
    if (!name.empty() && !contains_folded(room.name, name)) continue;
    if (filter.auto_join && !auto_join(room)) continue;
    // Without view-all-team-channels: the public rooms and the viewer's own.
    if (!all_rooms && room.type != "c" && !access_.is_member(room, viewer)) continue;
    if (page.total >= filter.offset &&
        (filter.count == 0 || page.total < filter.offset + filter.count)) {
      page.rooms.push_back(std::move(room));
    }
    ++page.total;
  }
  return page;
}

Result<std::vector<TeamRoomOfUser>> Teams::rooms_of_user(const store::UserRecord& viewer,
                                                         const store::TeamRecord& team,
                                                         std::string_view user_id,
                                                         bool deletable_only) {
  if (team.type == kTeamPrivate && !may(viewer, "view-all-teams", team) &&
      !store_.team_member(team.id, viewer.id)) {
    return plain_failure("user-not-on-private-team");
  }
  std::vector<TeamRoomOfUser> out;
  auto user = store_.user_by_id(user_id);
  if (!user) return out;
  for (auto& room : store_.team_rooms(team.id)) {
    if (room.type != "c" && room.type != "p") continue;
    auto mine = store_.subscription(room.id, user->id);
    if (!mine) continue;
    if (deletable_only) {
      const bool is_public = room.type == "c";
      if (!may(*user, is_public ? "delete-team-channel" : "delete-team-group", team) ||
          !has_permission(*user, is_public ? "delete-c" : "delete-p", &*mine)) {
        continue;
      }
    }
    bool last_owner = false;
    if (std::find(mine->roles.begin(), mine->roles.end(), "owner") != mine->roles.end()) {
      auto members = store_.room_members(room.id, 0, 0).subscriptions;
      last_owner = std::count_if(members.begin(), members.end(), [](const auto& s) {
                     return std::find(s.roles.begin(), s.roles.end(), "owner") != s.roles.end();
                   }) == 1;
    }
    out.push_back({std::move(room), last_owner});
  }
  return out;
}

std::vector<store::RoomRecord> Teams::autocomplete(const store::UserRecord& viewer,
                                                   std::string_view name) {
  std::string prefix(name);
  prefix.erase(0, prefix.find_first_not_of(" \t"));
  prefix.erase(prefix.find_last_not_of(" \t") + 1);
  auto starts_with = [&](std::string_view text) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  std::vector<store::RoomRecord> out;
  for (const auto& team : store_.list_teams(0, 0).teams) {
    auto room = store_.room_by_id(team.room_id);
    if (!room || !is_team_main(*room)) continue;
    const json::value* fname = room->doc.if_contains("fname");
    const bool named = starts_with(room->name) ||
                       (fname != nullptr && fname->is_string() && starts_with(fname->get_string()));
    if (!named) continue;
    if (room->type != "c" && !access_.is_member(*room, viewer)) continue;
    out.push_back(std::move(*room));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  if (out.size() > 10) out.resize(10);
  return out;
}

Result<store::RoomPage> Teams::children(const store::UserRecord& viewer,
                                        const store::TeamRecord& team,
                                        const TeamChildrenFilter& filter) {
  auto main = store_.room_by_id(team.room_id);
  if (!main) return plain_failure("error-invalid-team-no-main-room");
  if (!store_.team_member(team.id, viewer.id)) {
    return plain_failure("error-invalid-team-not-a-member");
  }
  std::vector<store::RoomRecord> candidates;
  if (filter.type != "discussions") {
    candidates.push_back(*main);
    for (auto& room : store_.team_rooms(team.id)) candidates.push_back(std::move(room));
  }
  if (filter.type != "channels") {
    store::DiscussionQuery discussions;
    discussions.room_id = main->id;
    for (auto& room : store_.discussions(discussions).rooms) candidates.push_back(std::move(room));
  }
  // RC's name filter: a case-insensitive part of fname or name.
  auto contains = [&](std::string_view text) {
    return std::search(text.begin(), text.end(), filter.name.begin(), filter.name.end(),
                       [](char a, char b) {
                         return std::tolower(static_cast<unsigned char>(a)) ==
                                std::tolower(static_cast<unsigned char>(b));
                       }) != text.end();
  };
  std::vector<store::RoomRecord> visible;
  for (auto& room : candidates) {
    if (!filter.name.empty()) {
      const json::value* fname = room.doc.if_contains("fname");
      const bool named = contains(room.name) ||
                         (fname != nullptr && fname->is_string() && contains(fname->get_string()));
      if (!named) continue;
    }
    // Public rooms, or those the viewer is in (RC's lookup of the viewer's subscription).
    if (room.type != "c" && !access_.is_member(room, viewer)) continue;
    visible.push_back(std::move(room));
  }
  // RC's default sort {ts: 1}: oldest first; the id settles rooms made in the same millisecond.
  std::sort(visible.begin(), visible.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  store::RoomPage page;
  page.total = static_cast<int64_t>(visible.size());
  const auto begin =
      std::min(visible.size(), static_cast<std::size_t>(std::max<int64_t>(0, filter.offset)));
  auto end = visible.size();
  if (filter.count > 0) end = std::min(end, begin + static_cast<std::size_t>(filter.count));
  for (auto i = begin; i < end; ++i) page.rooms.push_back(std::move(visible[i]));
  return page;
}

std::vector<store::RoomRecord> Teams::matching_rooms(const store::TeamRecord& team,
                                                     const std::vector<std::string>& room_ids) {
  std::vector<store::RoomRecord> out;
  if (room_ids.empty()) return out;
  for (auto& room : store_.team_rooms(team.id)) {
    if (std::find(room_ids.begin(), room_ids.end(), room.id) != room_ids.end()) {
      out.push_back(std::move(room));
    }
  }
  return out;
}

Status Teams::erase_rooms(const store::UserRecord& actor,
                          const std::vector<store::RoomRecord>& rooms) {
  for (const auto& room : rooms) {
    auto erased = rooms_.erase(actor, room.id);
    if (!erased) return erased;
  }
  return Ok{};
}

void Teams::unset_team_of_rooms(const store::TeamRecord& team) {
  for (const auto& room : store_.team_rooms(team.id)) {
    rooms_.update_doc(room, {{"teamId", nullptr}, {"teamDefault", nullptr}});
  }
  if (auto main = store_.room_by_id(team.room_id)) {
    rooms_.update_doc(*main, {{"teamId", nullptr}, {"teamMain", nullptr}});
  }
}

Status Teams::erase(const store::UserRecord& actor, const store::TeamRecord& team,
                    const std::vector<std::string>& rooms_to_remove) {
  if (!may(actor, "delete-team", team)) return plain_forbidden();
  auto erased = erase_rooms(actor, matching_rooms(team, rooms_to_remove));
  if (!erased) return erased;
  // Erasing the main room takes the team with it and frees its other rooms (erased()).
  auto main = rooms_.erase(actor, team.room_id);
  if (!main && store_.room_by_id(team.room_id)) return main;
  // A main room already gone leaves the team to delete here.
  if (store_.team_by_id(team.id)) {
    unset_team_of_rooms(team);
    store_.delete_team(team.id);
  }
  return Ok{};
}

Status Teams::convert_to_channel(const store::UserRecord& actor, const store::TeamRecord& team,
                                 const std::vector<std::string>& rooms_to_remove) {
  if (!may(actor, "convert-team", team)) return plain_forbidden();
  auto erased = erase_rooms(actor, matching_rooms(team, rooms_to_remove));
  if (!erased) return erased;
  if (auto main = store_.room_by_id(team.room_id)) {
    auto notice = messages_.post_system(*main, actor, "user-converted-to-channel", main->name);
    if (!notice) return notice.error();
  }
  unset_team_of_rooms(team);
  if (store_.delete_team(team.id) != store::WriteStatus::kOk) return internal_error();
  return Ok{};
}

}  // namespace parley::chat
