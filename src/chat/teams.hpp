#pragma once
// Teams (Rocket.Chat 7's team service and teams.* routes): a team is a name, a type and a main
// room ("c" for a public team, "p" for a private one) whose document says `teamMain: true` and
// `teamId`; rooms added to the team carry `teamId` (and `teamDefault` when members join them
// automatically).
//
// DESIGN: team members are kept in step with the main room's subscriptions. Every way into or
// out of the main room (teams.addMembers, channels.join, invite, kick, leave, teams.leave, ...)
// goes through Rooms, which tells Teams (Rooms::Observer): a join inserts the team member (and
// joins the team's auto-join rooms), a leave removes it, and erasing the main room deletes the
// team. Team roles live on the team member and are copied to the main room's subscription, so
// the team permissions (add-team-member, delete-team, ...) are checked like any room permission:
// the user's roles plus their roles in the main room. Runs on workers; every change writes
// first and tells clients after.
#include <optional>
#include <string>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/messages.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// RC's TEAM_TYPE.
inline constexpr int kTeamPublic = 0;
inline constexpr int kTeamPrivate = 1;

// How a request names a team: teamId | teamName.
struct TeamRef {
  std::string id;
  std::string name;
};

struct CreateTeam {
  std::string name;
  int type = kTeamPublic;
  std::vector<std::string> members;  // user ids or usernames besides the creator
  std::string owner;                 // user id; empty: the creator
};

// A member to add or update: teams.addMembers' / updateMember's {userId, roles?}.
struct TeamMemberParams {
  std::string user_id;
  std::vector<std::string> roles;
};

struct TeamMemberFilter {
  std::string username;  // case-insensitive substrings
  std::string name;
  std::vector<std::string> statuses;
  int64_t offset = 0;
  int64_t count = 0;  // 0 = all
};

struct TeamMemberInfo {
  store::TeamMemberRecord member;
  store::UserRecord user;
};

struct TeamMemberPage {
  std::vector<TeamMemberInfo> members;
  int64_t total = 0;
};

struct TeamRoomFilter {
  std::string name;        // case-insensitive substring
  bool auto_join = false;  // type=autoJoin: only the rooms members join automatically
  int64_t offset = 0;
  int64_t count = 0;  // 0 = all
};

// teams.update's data: a new name and/or type (RC's TEAM_TYPE).
struct TeamUpdate {
  std::optional<std::string> name;
  std::optional<int> type;
};

// teams.listChildren's filter: `name` a case-insensitive part of the name or fname; `type`
// empty (both), "channels" (the team's rooms) or "discussions" (the main room's).
struct TeamChildrenFilter {
  std::string name;
  std::string type;
  int64_t offset = 0;
  int64_t count = 0;  // 0 = all
};

// teams.listRoomsOfUser's records: a team room the user is in, and whether they are its only
// owner (what RC's "leave the team" dialog warns about).
struct TeamRoomOfUser {
  store::RoomRecord room;
  bool is_last_owner = false;
};

class Teams final : public Rooms::Observer {
 public:
  Teams(store::Store& store, const util::Clock& clock, RoomAccess& access, Rooms& rooms,
        Messages& messages);

  // teamId | teamName; RC's failure 'team-does-not-exist'.
  Result<store::TeamRecord> find(const TeamRef& ref);
  // Whether `user` has `permission` in the team's main room.
  bool may(const store::UserRecord& user, std::string_view permission,
           const store::TeamRecord& team);

  // teams.create: create-team, then a new main room of the team's type owned by `owner` (or
  // the creator) with the members, and the team with the owner as its "owner" member.
  Result<store::TeamRecord> create(const store::UserRecord& creator, const CreateTeam& request);
  // channels.convertToTeam / groups.convertToTeam: create-team and edit-room in the room; the
  // room becomes the main room and its members the team's.
  Result<store::TeamRecord> convert_room(const store::UserRecord& actor,
                                         const store::RoomRecord& room);
  // teams.info: the main room readable by `viewer`, or view-all-teams.
  Status check_visible(const store::UserRecord& viewer, const store::TeamRecord& team);

  int64_t room_count(const store::TeamRecord& team);
  int64_t member_count(const store::TeamRecord& team);

  // teams.members: nothing unless `viewer` is a member or has view-all-teams.
  TeamMemberPage members(const store::UserRecord& viewer, const store::TeamRecord& team,
                         const TeamMemberFilter& filter);
  Status add_members(const store::UserRecord& actor, const store::TeamRecord& team,
                     const std::vector<TeamMemberParams>& members);
  Status update_member(const store::UserRecord& actor, const store::TeamRecord& team,
                       const TeamMemberParams& member);
  // teams.removeMember (edit-team-member) and teams.leave (the caller themselves): the team
  // member and the main room subscription go, then the user leaves the listed team rooms.
  Status remove_member(const store::UserRecord& actor, const store::TeamRecord& team,
                       std::string_view user_id, const std::vector<std::string>& rooms);
  Status leave(const store::UserRecord& user, const store::TeamRecord& team,
               const std::vector<std::string>& rooms);

  // --- team_edits.cpp ---
  // teams.update: edit-team in the main room (else forbidden), then RC's saveRoomName and
  // saveRoomType on the main room (Rooms::rename / set_type, with their checks and system
  // messages), then the team's own name and type.
  Status update(const store::UserRecord& actor, const store::TeamRecord& team,
                const TeamUpdate& data);

  // --- team_rooms.cpp ---
  Result<std::vector<store::RoomRecord>> add_rooms(const store::UserRecord& actor,
                                                   const store::TeamRecord& team,
                                                   const std::vector<std::string>& room_ids);
  Result<store::RoomRecord> remove_room(const store::UserRecord& actor,
                                        const store::TeamRecord& team, std::string_view room_id);
  // teams.updateRoom: finds the team through the room.
  Result<store::RoomRecord> update_room(const store::UserRecord& actor, std::string_view room_id,
                                        bool is_default);
  Result<store::RoomPage> list_rooms(const store::UserRecord& viewer, const store::TeamRecord& team,
                                     const TeamRoomFilter& filter);
  // teams.listRoomsOfUser: the team rooms (c and p) `user_id` is in; with `deletable_only`
  // those they may delete (delete-team-channel / -group in the team and delete-c / -p in the
  // room). The caller checked that `viewer` may look (themselves or view-all-team-channels).
  Result<std::vector<TeamRoomOfUser>> rooms_of_user(const store::UserRecord& viewer,
                                                    const store::TeamRecord& team,
                                                    std::string_view user_id, bool deletable_only);
  // teams.listChildren (RC's Team.listChildren / Rooms.findChildrenOfTeam): the team's rooms
  // (the main room too) and the main room's discussions that `viewer` may see (public rooms,
  // or rooms they are in), oldest first. plain errors error-invalid-team-no-main-room and
  // error-invalid-team-not-a-member (the viewer is not in the team).
  Result<store::RoomPage> children(const store::UserRecord& viewer, const store::TeamRecord& team,
                                   const TeamChildrenFilter& filter);
  // teams.autocomplete: main rooms whose name or fname starts with `name` (any case) that are
  // public or `viewer`'s, by name, at most 10.
  std::vector<store::RoomRecord> autocomplete(const store::UserRecord& viewer,
                                              std::string_view name);
  // teams.delete: delete-team; the listed team rooms are erased, the others leave the team,
  // then the main room is erased and the team deleted.
  Status erase(const store::UserRecord& actor, const store::TeamRecord& team,
               const std::vector<std::string>& rooms_to_remove);
  // teams.convertToChannel: convert-team; the listed team rooms are erased, the others and
  // the main room leave the team, and the team is deleted.
  Status convert_to_channel(const store::UserRecord& actor, const store::TeamRecord& team,
                            const std::vector<std::string>& rooms_to_remove);

  // Rooms::Observer
  void joined(const store::RoomRecord& room, const store::UserRecord& user,
              const store::UserRecord* by) override;
  void left(const store::RoomRecord& room, const store::UserRecord& user) override;
  void erased(const store::RoomRecord& room) override;

 private:
  Status remove_members(const store::UserRecord& actor, const store::TeamRecord& team,
                        const store::UserRecord& target);
  // The team's rooms among `room_ids` (RC's getMatchingTeamRooms).
  std::vector<store::RoomRecord> matching_rooms(const store::TeamRecord& team,
                                                const std::vector<std::string>& room_ids);
  Status erase_rooms(const store::UserRecord& actor, const std::vector<store::RoomRecord>& rooms);
  // Takes every room of the team (the main room too) out of it.
  void unset_team_of_rooms(const store::TeamRecord& team);

  store::Store& store_;
  const util::Clock& clock_;
  RoomAccess& access_;
  Rooms& rooms_;
  Messages& messages_;
};

// The team as RC sends it (ITeam), with EJSON dates.
boost::json::object team_view(const store::TeamRecord& team);
// True when the room document says the room is a team's main room.
bool is_team_main(const store::RoomRecord& room);
// The room document's teamId, or empty.
std::string team_id_of(const store::RoomRecord& room);

}  // namespace parley::chat
