// teams.update (RC 7 apps/meteor/app/api/server/v1/teams.ts and Team.update in
// apps/meteor/server/services/team/service.ts): the team's name and type, which are also its
// main room's. The room changes first, through Rooms (name rules, duplicates, the "r" and
// room_changed_privacy messages, every member's subscription); the team's record follows.
#include "chat/permissions.hpp"
#include "chat/teams.hpp"

namespace parley::chat {

Status Teams::update(const store::UserRecord& actor, const store::TeamRecord& team,
                     const TeamUpdate& data) {
  if (!may(actor, "edit-team", team)) return plain_forbidden();
  auto room = store_.room_by_id(team.room_id);
  // RC's Team.update returns quietly when the main room is gone; its saveRoomName would throw.
  if (!room) return plain_failure("error-invalid-room");

  std::string name = team.name;
  if (data.name && *data.name != team.name) {
    // RC's saveRoomName: the room's name rules; the team keeps the name as given.
    auto renamed = rooms_.rename(actor, *room, *data.name);
    if (!renamed) return renamed.error();
    room = std::move(*renamed);
    name = *data.name;
  }
  int type = team.type;
  if (data.type) {
    auto changed = rooms_.set_type(actor, *room, *data.type == kTeamPrivate ? "p" : "c");
    if (!changed) return changed.error();
    type = *data.type;
  }
  if (name == team.name && type == team.type) return Ok{};
  switch (store_.update_team(team.id, name, type)) {
    case store::WriteStatus::kOk:
      return Ok{};
    case store::WriteStatus::kDuplicateName:
      // Another team kept this name while its room was renamed (the room names are unique,
      // so only a team whose main room was renamed away from it can hold it).
      return plain_failure("team-name-already-exists");
    case store::WriteStatus::kNotFound:
      return plain_failure("team-does-not-exist");
    default:
      return internal_error();
  }
}

}  // namespace parley::chat
