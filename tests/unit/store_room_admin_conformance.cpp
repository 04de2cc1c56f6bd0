// Store conformance, continued: what room administration needs (search_rooms with
// default_first for rooms.adminRooms, delete_room for channels.delete / groups.delete /
// eraseRoom). Same rules as
// store_conformance.cpp: only the Store interface (sqlite_store_test.cpp instantiates the
// StoreConformance suite, which includes these).
#include <string>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

TEST_P(StoreConformance, SearchesRoomsByNamePartAndTypeWithDefaultRoomsFirst) {
  int n = 0;
  for (const auto& [type, name] :
       std::vector<std::pair<std::string, std::string>>{{"c", "dev-team"},
                                                        {"p", "Team_Leads"},
                                                        {"c", "general"},
                                                        {"c", "random"},
                                                        {"p", "teamwork"},
                                                        {"c", "50%-off"}}) {
    ASSERT_EQ(store().insert_room(make_room(++n, type, name), {}), WriteStatus::kOk);
  }
  ASSERT_EQ(store().modify_room(room_id(3),
                                [](RoomRecord& r) {
                                  r.is_default = true;
                                  return true;
                                }),
            WriteStatus::kOk);

  auto search = [](std::vector<std::string> types, std::string text, int64_t offset = 0,
                   int64_t count = 0) {
    RoomSearch q;
    q.types = std::move(types);
    q.text = std::move(text);
    q.default_first = true;
    q.offset = offset;
    q.count = count;
    return q;
  };
  const std::vector<std::string> every{"c", "p", "d"};
  RoomPage all = store().search_rooms(search(every, ""));
  EXPECT_EQ(all.total, 6);
  EXPECT_EQ(room_names(all),
            (Ids{"general", "50%-off", "dev-team", "random", "Team_Leads", "teamwork"}));

  RoomPage team = store().search_rooms(search(every, "TEAM"));
  EXPECT_EQ(room_names(team), (Ids{"dev-team", "Team_Leads", "teamwork"}));
  RoomPage groups = store().search_rooms(search({"p"}, "team"));
  EXPECT_EQ(room_names(groups), (Ids{"Team_Leads", "teamwork"}));
  // The text is a plain substring: LIKE's characters are literal.
  EXPECT_EQ(room_names(store().search_rooms(search(every, "m_l"))), (Ids{"Team_Leads"}));
  EXPECT_EQ(room_names(store().search_rooms(search(every, "%"))), (Ids{"50%-off"}));
  // Paging keeps the total.
  RoomPage page = store().search_rooms(search(every, "", 1, 2));
  EXPECT_EQ(page.total, 6);
  EXPECT_EQ(room_names(page), (Ids{"50%-off", "dev-team"}));
  EXPECT_TRUE(store().search_rooms(search({"d"}, "")).rooms.empty());
}

TEST_P(StoreConformance, SearchesDiscussionsAndTeamMainRoomsOnlyWhenAsked) {
  RoomRecord plain = make_room(1, "c", "plain");
  RoomRecord team = make_room(2, "p", "crew");
  team.doc["teamMain"] = true;
  RoomRecord discussion = make_room(3, "p", "d-random-id");
  discussion.doc["prid"] = plain.id;
  for (const auto& room : {plain, team, discussion}) {
    ASSERT_EQ(store().insert_room(room, {}), WriteStatus::kOk);
  }
  auto search = [](std::vector<std::string> types) {
    RoomSearch q;
    q.types = std::move(types);
    q.hide_team_mains = true;
    return q;
  };
  const std::vector<std::string> every{"c", "p", "d"};
  EXPECT_EQ(room_names(store().search_rooms(search(every))), (Ids{"plain"}))
      << "as RC's admin list: neither discussions nor team main rooms unless asked";

  RoomSearch discussions = search({});
  discussions.also_discussions = true;
  EXPECT_EQ(room_names(store().search_rooms(discussions)), (Ids{"d-random-id"}));
  RoomSearch teams = search({});
  teams.also_team_mains = true;
  EXPECT_EQ(room_names(store().search_rooms(teams)), (Ids{"crew"}));
  RoomSearch channels_and_discussions = search({"c"});
  channels_and_discussions.also_discussions = true;
  RoomPage both = store().search_rooms(channels_and_discussions);
  EXPECT_EQ(both.total, 2);
  EXPECT_EQ(room_names(both), (Ids{"d-random-id", "plain"}));

  RoomSearch finder;  // spotlight and directory: team main rooms are rooms like any other
  finder.types = every;
  EXPECT_EQ(room_names(store().search_rooms(finder)), (Ids{"crew", "plain"}));
}

TEST_P(StoreConformance, DeletesARoomWithItsMessagesAndMembers) {
  RoomRecord room = make_room(1, "c", "doomed");
  RoomRecord other = make_room(2, "c", "kept");
  ASSERT_EQ(store().insert_room(room, {make_sub(room, 1, "alice"), make_sub(room, 2, "bob")}),
            WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(other, {make_sub(other, 2, "bob")}), WriteStatus::kOk);
  ASSERT_TRUE(
      store().append_message(make_message(message_id(1), room.id, 1, kT0 + 1, "x"), {}).inserted);
  ASSERT_TRUE(
      store().append_message(make_message(message_id(2), other.id, 2, kT0 + 2, "y"), {}).inserted);

  EXPECT_EQ(store().delete_room(room.id), WriteStatus::kOk);
  EXPECT_FALSE(store().room_by_id(room.id));
  EXPECT_FALSE(store().room_by_name("doomed"));
  EXPECT_FALSE(store().subscription(room.id, user_id(1)));
  EXPECT_TRUE(store().room_member_ids(room.id).empty());
  EXPECT_FALSE(store().message_by_id(message_id(1)));
  // Each membership is remembered as removed (subscriptions.get's `remove`).
  auto removed = store().subscriptions_removed_since(user_id(2), 0);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].room_id, room.id);
  // The other room is untouched; a second delete finds nothing.
  EXPECT_TRUE(store().message_by_id(message_id(2)));
  EXPECT_TRUE(store().subscription(other.id, user_id(2)));
  EXPECT_EQ(store().delete_room(room.id), WriteStatus::kNotFound);
  // The name is free again.
  EXPECT_EQ(store().insert_room(make_room(3, "c", "doomed"), {}), WriteStatus::kOk);
}

}  // namespace
}  // namespace parley::store::conformance
