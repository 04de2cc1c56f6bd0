// Store conformance, continued: teams and their members (migration 0010), and a team's rooms
// found through their documents' `teamId`. Same rules as store_conformance.cpp: only the Store
// interface (sqlite_store_test.cpp instantiates the StoreConformance suite, which includes
// these).
#include <string>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

UserRecord member_user(int n) {
  UserRecord u;
  u.id = user_id(n);
  u.username = "member" + std::to_string(n);
  u.roles = {"user"};
  u.created_at = u.updated_at = kT0;
  return u;
}

TeamRecord make_team(int n, const std::string& name, const std::string& room, int type = 0) {
  TeamRecord t;
  t.id = padded('t', n);
  t.name = name;
  t.type = type;
  t.room_id = room;
  t.created_at = kT0 + n;
  t.created_by_id = user_id(1);
  t.created_by_username = "member1";
  return t;
}

TeamMemberRecord make_member(const TeamRecord& team, int user, std::vector<std::string> roles,
                             int64_t at) {
  return {team.id, user_id(user), std::move(roles), at, user_id(1), "member1"};
}

Ids team_names(const TeamPage& page) {
  Ids out;
  for (const auto& t : page.teams) out.push_back(t.name);
  return out;
}

Ids member_ids(const std::vector<TeamMemberRecord>& members) {
  Ids out;
  for (const auto& m : members) out.push_back(m.user_id);
  return out;
}

TEST_P(StoreConformance, InsertsATeamWithItsMembersAndFindsItEveryWay) {
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(store().insert_user(member_user(n)), WriteStatus::kOk);
  at(kT0 + 50);
  TeamRecord team = make_team(1, "Dev-Team", room_id(1));
  ASSERT_EQ(store().insert_team(team, {make_member(team, 1, {"owner"}, kT0 + 1),
                                       make_member(team, 2, {}, kT0 + 2)}),
            WriteStatus::kOk);

  auto got = store().team_by_id(team.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Dev-Team");
  EXPECT_EQ(got->type, 0);
  EXPECT_EQ(got->room_id, room_id(1));
  EXPECT_EQ(got->created_at, kT0 + 1);
  EXPECT_GE(got->updated_at, kT0 + 50) << "updated_at is the write stamp";
  EXPECT_EQ(got->created_by_id, user_id(1));
  EXPECT_EQ(got->created_by_username, "member1");
  EXPECT_EQ(store().team_by_name("dev-team")->id, team.id) << "names match in any case";
  EXPECT_EQ(store().team_by_room_id(room_id(1))->id, team.id);
  EXPECT_FALSE(store().team_by_id("nope"));
  EXPECT_FALSE(store().team_by_room_id(room_id(2)));

  auto members = store().team_members(team.id);
  EXPECT_EQ(member_ids(members), (Ids{user_id(1), user_id(2)}));
  EXPECT_EQ(members[0].roles, (Ids{"owner"}));
  EXPECT_EQ(members[0].created_at, kT0 + 1);
  EXPECT_EQ(members[0].created_by_username, "member1");
  EXPECT_TRUE(members[1].roles.empty());
  EXPECT_EQ(store().count_team_members(team.id), 2);

  // Names are unique in any case; ids too. A refused insert leaves nothing behind.
  TeamRecord same_name = make_team(2, "DEV-TEAM", room_id(2));
  EXPECT_EQ(store().insert_team(same_name, {make_member(same_name, 3, {}, kT0)}),
            WriteStatus::kDuplicateName);
  EXPECT_EQ(store().insert_team(make_team(1, "other", room_id(3)), {}), WriteStatus::kDuplicateId);
  EXPECT_FALSE(store().team_by_id(same_name.id));
  EXPECT_TRUE(store().teams_of_user(user_id(3), 0, 0).teams.empty());
}

TEST_P(StoreConformance, ListsTeamsAllAndByMemberWithPaging) {
  for (int n = 1; n <= 2; ++n) ASSERT_EQ(store().insert_user(member_user(n)), WriteStatus::kOk);
  for (int n = 1; n <= 3; ++n) {
    TeamRecord t = make_team(n, "team" + std::to_string(n), room_id(n));
    std::vector<TeamMemberRecord> members{make_member(t, 1, {"owner"}, kT0)};
    if (n != 2) members.push_back(make_member(t, 2, {}, kT0));
    ASSERT_EQ(store().insert_team(t, members), WriteStatus::kOk);
  }
  TeamPage all = store().list_teams(0, 0);
  EXPECT_EQ(team_names(all), (Ids{"team1", "team2", "team3"})) << "oldest first";
  EXPECT_EQ(all.total, 3);
  TeamPage page = store().list_teams(1, 1);
  EXPECT_EQ(team_names(page), (Ids{"team2"}));
  EXPECT_EQ(page.total, 3);

  TeamPage mine = store().teams_of_user(user_id(2), 0, 0);
  EXPECT_EQ(team_names(mine), (Ids{"team1", "team3"}));
  EXPECT_EQ(mine.total, 2);
  TeamPage second = store().teams_of_user(user_id(2), 1, 5);
  EXPECT_EQ(team_names(second), (Ids{"team3"}));
  EXPECT_EQ(second.total, 2);
  EXPECT_EQ(store().teams_of_user("nobody", 0, 0).total, 0);
}

TEST_P(StoreConformance, AddsUpdatesAndRemovesTeamMembers) {
  for (int n = 1; n <= 3; ++n) ASSERT_EQ(store().insert_user(member_user(n)), WriteStatus::kOk);
  TeamRecord team = make_team(1, "crew", room_id(1));
  ASSERT_EQ(store().insert_team(team, {make_member(team, 1, {"owner"}, kT0)}), WriteStatus::kOk);

  EXPECT_EQ(store().insert_team_member(make_member(team, 2, {}, kT0 + 5)), WriteStatus::kOk);
  EXPECT_EQ(store().insert_team_member(make_member(team, 2, {}, kT0 + 6)),
            WriteStatus::kDuplicateId);
  TeamRecord ghost = make_team(9, "ghost", room_id(9));
  EXPECT_EQ(store().insert_team_member(make_member(ghost, 3, {}, kT0)), WriteStatus::kNotFound);
  EXPECT_EQ(store().team_member(team.id, user_id(2))->created_at, kT0 + 5);
  EXPECT_FALSE(store().team_member(team.id, user_id(3)));

  EXPECT_EQ(store().set_team_member_roles(team.id, user_id(2), {"moderator", "owner"}),
            WriteStatus::kOk);
  EXPECT_EQ(store().team_member(team.id, user_id(2))->roles, (Ids{"moderator", "owner"}));
  EXPECT_EQ(store().set_team_member_roles(team.id, user_id(3), {"owner"}), WriteStatus::kNotFound);

  EXPECT_EQ(store().remove_team_member(team.id, user_id(2)), WriteStatus::kOk);
  EXPECT_EQ(store().remove_team_member(team.id, user_id(2)), WriteStatus::kNotFound);
  EXPECT_EQ(member_ids(store().team_members(team.id)), (Ids{user_id(1)}));

  // A deleted user leaves their teams.
  ASSERT_EQ(store().insert_team_member(make_member(team, 3, {}, kT0)), WriteStatus::kOk);
  ASSERT_EQ(store().delete_user(user_id(3)), WriteStatus::kOk);
  EXPECT_FALSE(store().team_member(team.id, user_id(3)));
  EXPECT_EQ(store().count_team_members(team.id), 1);
}

TEST_P(StoreConformance, DeletesATeamWithItsMembersButNotItsRooms) {
  for (int n = 1; n <= 2; ++n) ASSERT_EQ(store().insert_user(member_user(n)), WriteStatus::kOk);
  RoomRecord main = make_room(1, "c", "crew");
  ASSERT_EQ(store().insert_room(main, {}), WriteStatus::kOk);
  TeamRecord team = make_team(1, "crew", main.id);
  ASSERT_EQ(store().insert_team(
                team, {make_member(team, 1, {"owner"}, kT0), make_member(team, 2, {}, kT0)}),
            WriteStatus::kOk);
  EXPECT_EQ(store().delete_team(team.id), WriteStatus::kOk);
  EXPECT_EQ(store().delete_team(team.id), WriteStatus::kNotFound);
  EXPECT_FALSE(store().team_by_id(team.id));
  EXPECT_FALSE(store().team_by_name("crew"));
  EXPECT_TRUE(store().team_members(team.id).empty());
  EXPECT_TRUE(store().teams_of_user(user_id(2), 0, 0).teams.empty());
  EXPECT_TRUE(store().room_by_id(main.id));
  // The name is free again.
  EXPECT_EQ(store().insert_team(make_team(2, "crew", main.id), {}), WriteStatus::kOk);
}

TEST_P(StoreConformance, UpdatesATeamsNameAndTypeUnlessTheNameIsTaken) {
  ASSERT_EQ(store().insert_user(member_user(1)), WriteStatus::kOk);
  TeamRecord first = make_team(1, "alpha", room_id(1));
  TeamRecord second = make_team(2, "beta", room_id(2));
  ASSERT_EQ(store().insert_team(first, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_team(second, {}), WriteStatus::kOk);
  const int64_t before = store().team_by_id(first.id)->updated_at;
  at(before + 100);

  EXPECT_EQ(store().update_team(first.id, "gamma", 1), WriteStatus::kOk);
  auto got = store().team_by_id(first.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "gamma");
  EXPECT_EQ(got->type, 1);
  EXPECT_GT(got->updated_at, before) << "updated_at is the write stamp";
  EXPECT_EQ(store().team_by_name("GAMMA")->id, first.id);
  EXPECT_FALSE(store().team_by_name("alpha"));

  EXPECT_EQ(store().update_team(first.id, "Beta", 0), WriteStatus::kDuplicateName)
      << "names are unique in any case";
  EXPECT_EQ(store().team_by_id(first.id)->name, "gamma") << "nothing written on a collision";
  EXPECT_EQ(store().update_team("nope", "delta", 0), WriteStatus::kNotFound);
}

TEST_P(StoreConformance, FindsATeamsRoomsByTheirDocumentsButNotItsMainRoom) {
  const std::string team_id = padded('t', 1);
  auto in_team = [&](int n, const std::string& type, const std::string& name, bool main) {
    RoomRecord r = make_room(n, type, name);
    r.doc["teamId"] = team_id;
    if (main) r.doc["teamMain"] = true;
    return r;
  };
  ASSERT_EQ(store().insert_room(in_team(1, "c", "crew", true), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(in_team(2, "p", "zeta", false), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(in_team(3, "c", "alpha", false), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(make_room(4, "c", "outside"), {}), WriteStatus::kOk);
  RoomRecord other = make_room(5, "c", "elsewhere");
  other.doc["teamId"] = padded('t', 2);
  ASSERT_EQ(store().insert_room(other, {}), WriteStatus::kOk);

  EXPECT_EQ(room_names(RoomPage{store().team_rooms(team_id), 0}), (Ids{"alpha", "zeta"}));
  // A room leaves the team when its document stops naming it.
  ASSERT_EQ(store().modify_room(room_id(2),
                                [](RoomRecord& r) {
                                  r.doc.erase("teamId");
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(room_names(RoomPage{store().team_rooms(team_id), 0}), (Ids{"alpha"}));
  ASSERT_EQ(store().modify_room(room_id(4),
                                [&](RoomRecord& r) {
                                  r.doc["teamId"] = team_id;
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(room_names(RoomPage{store().team_rooms(team_id), 0}), (Ids{"alpha", "outside"}));
  EXPECT_TRUE(store().team_rooms("nope").empty());
}

}  // namespace
}  // namespace parley::store::conformance
