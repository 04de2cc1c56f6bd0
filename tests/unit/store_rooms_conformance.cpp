// Store conformance, continued: rooms and subscriptions. Same rules as store_conformance.cpp:
// only the Store interface, so every implementation runs these as they are
// (sqlite_store_test.cpp instantiates the StoreConformance suite, which includes them).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

// --- rooms -----------------------------------------------------------------------------------

TEST_P(StoreConformance, RoomAndItsSubscriptionsRoundTrip) {
  RoomRecord room = make_room(1, "p", "Secret-Plans ✓");
  room.archived = true;
  room.read_only = true;
  room.is_default = true;
  room.msgs = 12;
  room.users_count = 99;  // ignored: set from the subscriptions
  room.last_message_at = kT0 + 500;
  room.last_message = {{"_id", "x"}, {"msg", "last \"one\""}, {"ts", {{"$date", kT0 + 500}}}};
  room.doc["topic"] = "ünïcode topic";
  room.doc["muted"] = json::array{"bob"};

  SubscriptionRecord owner = make_sub(room, 1, "alice");
  owner.roles = {"owner", "moderator"};
  owner.favorite = true;
  owner.alert = true;
  owner.open = false;
  owner.unread = 3;
  owner.user_mentions = 2;
  owner.group_mentions = 1;
  owner.last_seen = kT0 + 7;
  owner.archived = true;
  SubscriptionRecord member = make_sub(room, 2, "bob");
  // The store stamps the room and its subscriptions with the commit's stamp: the clock's time.
  at(room.updated_at);
  owner.updated_at = member.updated_at = room.updated_at;
  ASSERT_EQ(store().insert_room(room, {owner, member}), WriteStatus::kOk);

  auto got = store().room_by_id(room.id);
  ASSERT_TRUE(got.has_value());
  RoomRecord want = room;
  want.users_count = 2;
  expect_same_room(*got, want);

  auto got_owner = store().subscription(room.id, owner.user_id);
  ASSERT_TRUE(got_owner.has_value());
  expect_same_subscription(*got_owner, owner);
  auto got_member = store().subscription(room.id, member.user_id);
  ASSERT_TRUE(got_member.has_value());
  expect_same_subscription(*got_member, member);
  EXPECT_FALSE(got_member->last_seen.has_value());
  EXPECT_TRUE(got_member->roles.empty());
}

TEST_P(StoreConformance, RoomWithoutExtrasRoundTrips) {
  RoomRecord room;
  room.id = room_id(1);
  room.type = "d";
  room.updated_at = kT0;  // the write's stamp (the clock reads kT0), not the 0 given
  ASSERT_EQ(store().insert_room(room, {}), WriteStatus::kOk);
  room.updated_at = kT0;
  auto got = store().room_by_id(room.id);
  ASSERT_TRUE(got.has_value());
  expect_same_room(*got, room);
  EXPECT_FALSE(got->last_message_at.has_value());
  EXPECT_TRUE(got->last_message.empty());
  EXPECT_TRUE(got->doc.empty());
  EXPECT_FALSE(store().room_by_id(room_id(2)).has_value());
}

TEST_P(StoreConformance, DuplicateRoomIdIsRejectedWithNothingKept) {
  RoomRecord dm = make_room(1, "d", "");
  ASSERT_EQ(store().insert_room(dm, {make_sub(dm, 1, "alice"), make_sub(dm, 2, "bob")}),
            WriteStatus::kOk);

  RoomRecord again = make_room(1, "d", "");
  again.doc["fname"] = "second";
  EXPECT_EQ(store().insert_room(again, {make_sub(again, 3, "carol")}), WriteStatus::kDuplicateId);
  EXPECT_EQ(store().room_by_id(dm.id)->doc, dm.doc);
  EXPECT_EQ(store().room_by_id(dm.id)->users_count, 2);
  EXPECT_FALSE(store().subscription(dm.id, user_id(3)).has_value());
}

TEST_P(StoreConformance, DuplicateRoomNameInAnyCaseIsRejected) {
  ASSERT_EQ(store().insert_room(make_room(1, "c", "General"), {}), WriteStatus::kOk);
  RoomRecord clash = make_room(2, "p", "GENERAL");
  EXPECT_EQ(store().insert_room(clash, {make_sub(clash, 1, "alice")}), WriteStatus::kDuplicateName);
  EXPECT_FALSE(store().room_by_id(room_id(2)).has_value());
  EXPECT_FALSE(store().subscription(room_id(2), user_id(1)).has_value())
      << "the rejected room's subscriptions were rolled back with it";

  // Rooms without a name (DMs) never collide with each other.
  EXPECT_EQ(store().insert_room(make_room(3, "d", ""), {}), WriteStatus::kOk);
  EXPECT_EQ(store().insert_room(make_room(4, "d", ""), {}), WriteStatus::kOk);
}

TEST_P(StoreConformance, DuplicateSubscriptionInANewRoomRejectsTheRoom) {
  RoomRecord room = make_room(1, "c", "twice");
  SubscriptionRecord a = make_sub(room, 1, "alice");
  SubscriptionRecord b = a;
  b.id = "another-sub-id-01";
  EXPECT_EQ(store().insert_room(room, {a, b}), WriteStatus::kDuplicateSubscription);
  EXPECT_FALSE(store().room_by_id(room.id).has_value());
  EXPECT_FALSE(store().room_by_name("twice").has_value());
}

TEST_P(StoreConformance, FindsRoomByNameInAnyCase) {
  ASSERT_EQ(store().insert_room(make_room(1, "c", "Dev-Team"), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(make_room(2, "d", ""), {}), WriteStatus::kOk);
  for (const char* name : {"Dev-Team", "dev-team", "DEV-TEAM"}) {
    auto got = store().room_by_name(name);
    ASSERT_TRUE(got.has_value()) << name;
    EXPECT_EQ(got->id, room_id(1));
    EXPECT_EQ(got->name, "Dev-Team");
  }
  EXPECT_FALSE(store().room_by_name("dev").has_value());
  EXPECT_FALSE(store().room_by_name("").has_value()) << "a nameless DM is not found by name";
}

TEST_P(StoreConformance, ModifyRoomAppliesTheMutation) {
  ASSERT_EQ(store().insert_room(make_room(1, "c", "old-name"), {}), WriteStatus::kOk);

  RoomRecord out;
  EXPECT_EQ(store().modify_room(
                room_id(1),
                [](RoomRecord& r) {
                  r.name = "new-name";
                  r.doc["topic"] = "fresh";
                  r.archived = true;
                  r.updated_at = kT0 + 99;
                  return true;
                },
                &out),
            WriteStatus::kOk);
  EXPECT_EQ(out.name, "new-name");
  EXPECT_EQ(out.doc.at("topic"), "fresh");
  auto got = store().room_by_id(room_id(1));
  ASSERT_TRUE(got.has_value());
  expect_same_room(*got, out);
  EXPECT_TRUE(store().room_by_name("NEW-NAME").has_value());
  EXPECT_FALSE(store().room_by_name("old-name").has_value());

  RoomRecord untouched;
  untouched.name = "sentinel";
  EXPECT_EQ(store().modify_room(
                room_id(1),
                [](RoomRecord& r) {
                  r.name = "ignored";
                  return false;
                },
                &untouched),
            WriteStatus::kUnchanged);
  EXPECT_EQ(untouched.name, "sentinel") << "out is written only on kOk";
  EXPECT_EQ(store().room_by_id(room_id(1))->name, "new-name");

  EXPECT_EQ(store().modify_room(room_id(9), [](RoomRecord&) { return true; }),
            WriteStatus::kNotFound);
}

TEST_P(StoreConformance, RenameOntoAnotherRoomsNameIsRejected) {
  ASSERT_EQ(store().insert_room(make_room(1, "c", "alpha"), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(make_room(2, "c", "beta"), {}), WriteStatus::kOk);
  EXPECT_EQ(store().modify_room(room_id(2),
                                [](RoomRecord& r) {
                                  r.name = "ALPHA";
                                  r.doc["fname"] = "ALPHA";
                                  return true;
                                }),
            WriteStatus::kDuplicateName);
  auto beta = store().room_by_id(room_id(2));
  EXPECT_EQ(beta->name, "beta");
  EXPECT_EQ(beta->doc.at("fname"), "beta") << "nothing of the rejected change was kept";

  // Changing only the case of its own name is not a collision.
  EXPECT_EQ(store().modify_room(room_id(2),
                                [](RoomRecord& r) {
                                  r.name = "Beta";
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(store().room_by_name("beta")->name, "Beta");
}

TEST_P(StoreConformance, DefaultRoomsAreTheMarkedOnesByName) {
  EXPECT_TRUE(store().default_rooms().empty());
  auto general = make_room(1, "c", "general");
  general.is_default = true;
  auto team = make_room(2, "p", "Team");
  team.is_default = true;
  ASSERT_EQ(store().insert_room(general, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(team, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(make_room(3, "c", "other"), {}), WriteStatus::kOk);
  auto rooms = store().default_rooms();
  ASSERT_EQ(rooms.size(), 2u);
  EXPECT_EQ(rooms[0].name, "general");
  EXPECT_EQ(rooms[1].name, "Team");
  ASSERT_EQ(store().modify_room(team.id,
                                [](RoomRecord& r) {
                                  r.is_default = false;
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(store().default_rooms().size(), 1u);
}

TEST_P(StoreConformance, ListsRoomsByTypeOrderedByNameWithPaging) {
  int n = 0;
  for (const auto& [type, name] :
       std::vector<std::pair<std::string, std::string>>{{"c", "delta"},
                                                        {"p", "Bravo"},
                                                        {"c", "echo"},
                                                        {"c", "Alpha"},
                                                        {"p", "charlie"},
                                                        {"l", "livechat-1"}}) {
    ASSERT_EQ(store().insert_room(make_room(++n, type, name), {}), WriteStatus::kOk);
  }

  RoomPage all = store().list_rooms({}, 0, 0);
  EXPECT_EQ(all.total, 6);
  EXPECT_EQ(room_names(all), (Ids{"Alpha", "Bravo", "charlie", "delta", "echo", "livechat-1"}));

  RoomPage channels = store().list_rooms({"c"}, 0, 0);
  EXPECT_EQ(channels.total, 3);
  EXPECT_EQ(room_names(channels), (Ids{"Alpha", "delta", "echo"}));

  RoomPage both = store().list_rooms({"c", "p"}, 1, 3);
  EXPECT_EQ(both.total, 5);
  EXPECT_EQ(room_names(both), (Ids{"Bravo", "charlie", "delta"}));

  RoomPage tail = store().list_rooms({"c", "p"}, 4, 10);
  EXPECT_EQ(room_names(tail), (Ids{"echo"}));

  RoomPage none = store().list_rooms({"d"}, 0, 0);
  EXPECT_EQ(none.total, 0);
  EXPECT_TRUE(none.rooms.empty());

  RoomPage past_end = store().list_rooms({"c"}, 10, 5);
  EXPECT_EQ(past_end.total, 3);
  EXPECT_TRUE(past_end.rooms.empty());
}

// --- subscriptions ---------------------------------------------------------------------------

TEST_P(StoreConformance, SubscriptionsMoveUsersCount) {
  RoomRecord room = make_room(1, "c", "lobby");
  ASSERT_EQ(store().insert_room(room, {make_sub(room, 1, "alice")}), WriteStatus::kOk);
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 1);

  SubscriptionRecord bob = make_sub(room, 2, "bob");
  bob.roles = {"moderator"};
  at(kT0 + 100);
  bob.updated_at = kT0 + 100;  // the insert's stamp
  ASSERT_EQ(store().insert_subscription(bob), WriteStatus::kOk);
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 2);
  expect_same_subscription(*store().subscription(room.id, bob.user_id), bob);

  SubscriptionRecord again = bob;
  again.id = "different-sub-id1";
  EXPECT_EQ(store().insert_subscription(again), WriteStatus::kDuplicateSubscription);
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 2) << "a rejected insert counts nothing";

  EXPECT_TRUE(store().subscriptions_removed_since(bob.user_id, 0).empty());
  at(kT0 + 500);
  EXPECT_EQ(store().remove_subscription(room.id, bob.user_id), WriteStatus::kOk);
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 1);
  EXPECT_FALSE(store().subscription(room.id, bob.user_id).has_value());
  auto removed = store().subscriptions_removed_since(bob.user_id, kT0);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].id, bob.id);
  EXPECT_EQ(removed[0].room_id, room.id);
  EXPECT_EQ(removed[0].room_type, room.type);
  EXPECT_EQ(removed[0].removed_at, kT0 + 500);
  EXPECT_EQ(store().subscriptions_removed_since(bob.user_id, kT0 + 499).size(), 1u);
  EXPECT_TRUE(store().subscriptions_removed_since(bob.user_id, kT0 + 500).empty());
  EXPECT_EQ(store().remove_subscription(room.id, bob.user_id), WriteStatus::kNotFound);
  EXPECT_EQ(store().remove_subscription(room_id(7), user_id(1)), WriteStatus::kNotFound);
  EXPECT_EQ(store().subscriptions_removed_since(bob.user_id, 0).size(), 1u);
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 1);
  EXPECT_FALSE(store().subscription(room.id, user_id(9)).has_value());
}

TEST_P(StoreConformance, RoomsOfUserAreTheRoomsOfItsSubscriptions) {
  for (int n = 1; n <= 3; ++n) {
    RoomRecord room = make_room(n, n == 3 ? "p" : "c", "room" + std::to_string(n));
    std::vector<SubscriptionRecord> subs{make_sub(room, 2, "bob")};
    if (n != 2) subs.push_back(make_sub(room, 1, "alice"));
    ASSERT_EQ(store().insert_room(room, subs), WriteStatus::kOk);
  }
  std::map<std::string, std::string> alice;  // id -> name
  for (const auto& r : store().rooms_of_user(user_id(1))) alice[r.id] = r.name;
  EXPECT_EQ(alice,
            (std::map<std::string, std::string>{{room_id(1), "room1"}, {room_id(3), "room3"}}));
  EXPECT_EQ(store().rooms_of_user(user_id(2)).size(), 3u);
  EXPECT_TRUE(store().rooms_of_user(user_id(9)).empty());
  // Leaving takes the room off the list.
  ASSERT_EQ(store().remove_subscription(room_id(3), user_id(1)), WriteStatus::kOk);
  ASSERT_EQ(store().rooms_of_user(user_id(1)).size(), 1u);
  EXPECT_EQ(store().rooms_of_user(user_id(1))[0].id, room_id(1));
}

TEST_P(StoreConformance, SubscriptionsOfUserWithUpdatedSince) {
  std::vector<RoomRecord> rooms;
  for (int n = 1; n <= 3; ++n) {
    rooms.push_back(make_room(n, "c", "room" + std::to_string(n)));
    SubscriptionRecord s = make_sub(rooms.back(), 1, "alice");
    at(kT0 + n * 100);  // the insert's stamp becomes the subscriptions' updated_at
    ASSERT_EQ(store().insert_room(rooms.back(), {s, make_sub(rooms.back(), 2, "bob")}),
              WriteStatus::kOk);
  }

  auto all = store().subscriptions_of_user(user_id(1), std::nullopt);
  std::set<std::string> rids;
  for (const auto& s : all) {
    EXPECT_EQ(s.user_id, user_id(1));
    rids.insert(s.room_id);
  }
  EXPECT_EQ(rids, (std::set<std::string>{room_id(1), room_id(2), room_id(3)}));

  auto recent = store().subscriptions_of_user(user_id(1), kT0 + 200);
  ASSERT_EQ(recent.size(), 1u) << "strictly after updated_since";
  EXPECT_EQ(recent[0].room_id, room_id(3));

  EXPECT_EQ(store().subscriptions_of_user(user_id(1), kT0 + 300).size(), 0u);
  EXPECT_EQ(store().subscriptions_of_user(user_id(9), std::nullopt).size(), 0u);
}

TEST_P(StoreConformance, RoomMembersArePagedByUsername) {
  RoomRecord room = make_room(1, "c", "crowd");
  std::vector<SubscriptionRecord> subs;
  int n = 0;
  for (const char* name : {"delta", "Bravo", "echo", "alpha", "Charlie"}) {
    subs.push_back(make_sub(room, ++n, name));
  }
  ASSERT_EQ(store().insert_room(room, subs), WriteStatus::kOk);
  RoomRecord other = make_room(2, "c", "elsewhere");
  ASSERT_EQ(store().insert_room(other, {make_sub(other, 9, "zed")}), WriteStatus::kOk);

  SubscriptionPage all = store().room_members(room.id, 0, 0);
  EXPECT_EQ(all.total, 5);
  EXPECT_EQ(member_names(all), (Ids{"alpha", "Bravo", "Charlie", "delta", "echo"}));

  SubscriptionPage page = store().room_members(room.id, 1, 2);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(member_names(page), (Ids{"Bravo", "Charlie"}));
  EXPECT_TRUE(store().room_members(room.id, 5, 2).subscriptions.empty());
  EXPECT_EQ(store().room_members(room_id(8), 0, 0).total, 0);

  auto ids = store().room_member_ids(room.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{user_id(1), user_id(2), user_id(3), user_id(4), user_id(5)}));
  EXPECT_TRUE(store().room_member_ids(room_id(8)).empty());
}

TEST_P(StoreConformance, ModifySubscriptionAppliesTheMutation) {
  RoomRecord room = make_room(1, "c", "reads");
  SubscriptionRecord s = make_sub(room, 1, "alice");
  s.unread = 5;
  s.alert = true;
  ASSERT_EQ(store().insert_room(room, {s}), WriteStatus::kOk);

  SubscriptionRecord out;
  EXPECT_EQ(store().modify_subscription(
                room.id, s.user_id,
                [](SubscriptionRecord& sub) {
                  sub.unread = 0;
                  sub.alert = false;
                  sub.last_seen = kT0 + 50;
                  sub.roles.push_back("owner");
                  sub.updated_at = kT0 + 50;
                  return true;
                },
                &out),
            WriteStatus::kOk);
  EXPECT_EQ(out.unread, 0);
  expect_same_subscription(*store().subscription(room.id, s.user_id), out);
  EXPECT_EQ(out.roles, (Ids{"owner"}));

  EXPECT_EQ(store().modify_subscription(room.id, s.user_id,
                                        [](SubscriptionRecord& sub) {
                                          sub.unread = 77;
                                          return false;
                                        }),
            WriteStatus::kUnchanged);
  EXPECT_EQ(store().subscription(room.id, s.user_id)->unread, 0);
  EXPECT_EQ(
      store().modify_subscription(room.id, user_id(2), [](SubscriptionRecord&) { return true; }),
      WriteStatus::kNotFound);
}

}  // namespace
}  // namespace parley::store::conformance
