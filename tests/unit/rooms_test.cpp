#include <gtest/gtest.h>

#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

class RoomsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  RoomsTest() : alice(user("alice")), bob(user("bob")), carol(user("carol")) {}

  store::RoomRecord make(const std::string& type, const std::string& name,
                         std::vector<std::string> members = {}) {
    auto room = rooms.create(alice, {type, name, std::move(members), false, false, ""});
    if (!room) throw std::runtime_error(room.error().message());
    return room.value();
  }
  int64_t history_size(const store::RoomRecord& room) {
    store::HistoryQuery q;
    q.room_id = room.id;
    q.count = 0;
    return db.store().room_history(q).total;
  }
  std::string last_type(const store::RoomRecord& room) {
    store::HistoryQuery q;
    q.room_id = room.id;
    q.count = 1;
    auto page = db.store().room_history(q);
    if (page.messages.empty()) return "";
    const json::value* t = page.messages[0].doc.if_contains("t");
    return t ? std::string(t->as_string()) : "";
  }

  store::UserRecord alice, bob, carol;
};

TEST_F(RoomsTest, CreatorOwnsANewChannelAndMembersAreTold) {
  watch("user." + bob.id);
  auto room = make("c", "general", {"bob", "nobody"});
  EXPECT_EQ(room.users_count, 2);
  EXPECT_EQ(room.doc.at("u").at("username"), "alice");
  auto owner = db.store().subscription(room.id, alice.id);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->roles, std::vector<std::string>{"owner"});
  auto inserted = recorder.on("user." + bob.id, bob.id + "/subscriptions-changed");
  ASSERT_EQ(inserted.size(), 1u);
  EXPECT_EQ(inserted[0].at("args").at(0), "inserted");
  EXPECT_EQ(inserted[0].at("args").at(1).at("rid").as_string(), room.id);
}

TEST_F(RoomsTest, NamesAreValidatedAndUniqueInAnyCase) {
  make("c", "general");
  auto dup = rooms.create(bob, {"p", "GENERAL", {}, false, false, ""});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "error-duplicate-channel-name");
  auto bad = rooms.create(bob, {"c", "no spaces", {}, false, false, ""});
  EXPECT_EQ(bad.error().code, "error-invalid-room-name");
}

TEST_F(RoomsTest, DirectRoomIdIsTheSortedIdsAndBothSidesGetTheSameRoom) {
  auto dm = rooms.create_direct(alice, {"bob"});
  ASSERT_TRUE(dm) << dm.error().message();
  std::string expected = std::min(alice.id, bob.id) + std::max(alice.id, bob.id);
  EXPECT_EQ(dm->id, expected);
  EXPECT_EQ(dm->type, "d");
  auto again = rooms.create_direct(bob, {"alice"});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, expected);
  EXPECT_EQ(db.store().subscription(expected, alice.id)->name, "bob");
  EXPECT_EQ(db.store().subscription(expected, bob.id)->name, "alice");
  EXPECT_EQ(rooms.create_direct(alice, {"ghost"}).error().code, "error-invalid-user");
}

TEST_F(RoomsTest, APrivateGroupDoesNotExistForStrangers) {
  auto group = make("p", "secret", {"bob"});
  EXPECT_TRUE(rooms.find(bob, {group.id, ""}));
  auto stranger = rooms.find(carol, {group.id, ""});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, "error-room-not-found");
  EXPECT_FALSE(rooms.find(carol, {"", "secret"}));
  EXPECT_FALSE(rooms.join(carol, group));
  EXPECT_FALSE(rooms.find(bob, {group.id, ""}, "c"));  // wrong type reads as missing
}

TEST_F(RoomsTest, JoiningIsIdempotentAndAnnouncedOnce) {
  auto room = make("c", "general");
  ASSERT_TRUE(rooms.join(bob, room));
  ASSERT_TRUE(rooms.join(bob, room));
  EXPECT_EQ(history_size(room), 1);
  EXPECT_EQ(last_type(room), "uj");
  EXPECT_EQ(db.store().room_by_id(room.id)->users_count, 2);
  EXPECT_TRUE(access.check_can_post(bob, room));
}

TEST_F(RoomsTest, TheLastOwnerCannotLeaveButOthersCan) {
  auto room = make("c", "general", {"bob"});
  EXPECT_EQ(rooms.leave(alice, room).error().code, "error-you-are-last-owner");
  ASSERT_TRUE(rooms.leave(bob, room));
  EXPECT_EQ(last_type(room), "ul");
  EXPECT_FALSE(access.is_member(room, bob));
  EXPECT_EQ(rooms.leave(bob, room).error().code, "error-user-not-in-room");
}

TEST_F(RoomsTest, AnyoneWhoCanReadAPublicChannelMayPostThereAsInRocketChat) {
  auto open = make("c", "open", {});
  auto closed = make("p", "closed", {});
  EXPECT_TRUE(access.check_can_post(bob, open));  // canSendMessage asks canAccessRoom
  EXPECT_EQ(access.check_can_post(bob, closed).error().code, "error-not-allowed");
  ASSERT_TRUE(rooms.set_read_only(alice, open, true));
  auto read_only = *db.store().room_by_id(open.id);
  EXPECT_EQ(access.check_can_post(bob, read_only).error().code, "error-message-not-allowed");
}

TEST_F(RoomsTest, KickNeedsTheRoomRoleAndCutsPostingAtOnce) {
  auto room = make("p", "team", {"bob", "carol"});
  EXPECT_EQ(rooms.kick(bob, room, carol).error().code, "error-not-allowed");
  ASSERT_TRUE(rooms.kick(alice, room, carol));
  EXPECT_EQ(last_type(room), "ru");
  EXPECT_FALSE(access.check_can_post(carol, room));
  EXPECT_FALSE(rooms.find(carol, {room.id, ""}));
}

TEST_F(RoomsTest, InviteAddsAMemberWithAnAuMessage) {
  auto room = make("p", "team");
  auto invited = rooms.invite(alice, room, bob);
  ASSERT_TRUE(invited) << invited.error().message();
  EXPECT_EQ(invited->users_count, 2);
  EXPECT_EQ(last_type(room), "au");
  EXPECT_EQ(rooms.invite(carol, room, carol).error().code, "error-not-allowed");
}

TEST_F(RoomsTest, TopicChangesAreStoredAnnouncedAndNeedEditRoom) {
  auto room = make("c", "general", {"bob"});
  watch("room." + room.id);
  auto changed = rooms.set_text(alice, room, RoomText::kTopic, "Lunch");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->doc.at("topic"), "Lunch");
  EXPECT_EQ(last_type(room), "room_changed_topic");
  // One room-level event that the stream hub turns into "<uid>/rooms-changed" per member.
  auto events = recorder.on("room." + room.id, "rooms-changed");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at("stream"), "notify-user");
  EXPECT_EQ(events.back().at("args").at(1).at("topic"), "Lunch");
  EXPECT_EQ(rooms.set_text(bob, room, RoomText::kTopic, "x").error().code,
            "error-action-not-allowed");
}

TEST_F(RoomsTest, RenameMovesTheNameEverywhere) {
  auto room = make("c", "general", {"bob"});
  make("c", "random");
  EXPECT_EQ(rooms.rename(alice, room, "random").error().code, "error-duplicate-channel-name");
  ASSERT_TRUE(rooms.rename(alice, room, "lobby"));
  EXPECT_TRUE(db.store().room_by_name("lobby"));
  EXPECT_EQ(db.store().subscription(room.id, bob.id)->name, "lobby");
  EXPECT_EQ(last_type(room), "r");
}

TEST_F(RoomsTest, ArchivedAndReadOnlyRoomsRefusePosts) {
  auto room = make("c", "general", {"bob"});
  ASSERT_TRUE(rooms.set_read_only(alice, room, true));
  auto ro = *db.store().room_by_id(room.id);
  EXPECT_EQ(access.check_can_post(bob, ro).error().code, "error-message-not-allowed");
  EXPECT_TRUE(access.check_can_post(alice, ro));  // the owner may post-readonly

  ASSERT_TRUE(rooms.set_archived(alice, ro, true));
  auto archived = *db.store().room_by_id(room.id);
  EXPECT_EQ(access.check_can_post(alice, archived).error().code, "error-room-archived");
  auto bobs = *db.store().subscription(room.id, bob.id);
  EXPECT_TRUE(bobs.archived);
  EXPECT_FALSE(bobs.open);  // archiving closes and quiets every member's subscription
  EXPECT_FALSE(bobs.alert);
  EXPECT_EQ(rooms.set_archived(alice, archived, true).error().code, "error-room-archived");
  ASSERT_TRUE(rooms.set_archived(admin, archived, false));
  bobs = *db.store().subscription(room.id, bob.id);
  EXPECT_FALSE(bobs.archived);
  EXPECT_TRUE(bobs.open);
}

TEST_F(RoomsTest, OwnersAreGrantedAndTheLastOneKept) {
  auto room = make("c", "general", {"bob"});
  EXPECT_EQ(rooms.set_role(bob, room, bob, RoomRole::kOwner, true).error().code,
            "error-not-allowed");
  ASSERT_TRUE(rooms.set_role(alice, room, bob, RoomRole::kModerator, true));
  EXPECT_EQ(db.store().subscription(room.id, bob.id)->roles, std::vector<std::string>{"moderator"});
  EXPECT_EQ(rooms.set_role(alice, room, bob, RoomRole::kModerator, true).error().code,
            "error-user-already-moderator");
  EXPECT_EQ(rooms.set_role(alice, room, alice, RoomRole::kOwner, false).error().code,
            "error-remove-last-owner");
}

TEST_F(RoomsTest, MarkReadClearsTheCounters) {
  auto room = make("c", "general", {"bob"});
  SendRequest hi;
  hi.room_id = room.id;
  hi.text = "hi @bob";
  ASSERT_TRUE(messages.send(alice, hi));
  EXPECT_EQ(db.store().subscription(room.id, bob.id)->unread, 1);
  ASSERT_TRUE(rooms.mark_read(bob, room.id));
  auto s = *db.store().subscription(room.id, bob.id);
  EXPECT_EQ(s.unread, 0);
  EXPECT_EQ(s.user_mentions, 0);
  EXPECT_FALSE(s.alert);
  EXPECT_EQ(rooms.mark_read(carol, room.id).error().code, "error-invalid-subscription");
}

TEST_F(RoomsTest, MarkUnreadAlertsAndMovesLastSeenBack) {
  auto room = make("c", "general", {"bob"});
  auto empty = make("c", "silent", {"bob"});
  SendRequest hi;
  hi.room_id = room.id;
  hi.text = "first";
  // Later than every write so far: a message's ts is the store's write stamp.
  const int64_t t1 = clock.now_ms() + 1'000'000;
  const int64_t t2 = t1 + 1'000'000;
  clock.set_ms(t1);
  auto first = messages.send(alice, hi);
  ASSERT_TRUE(first);
  hi.text = "second";
  clock.set_ms(t2);
  ASSERT_TRUE(messages.send(alice, hi));
  ASSERT_TRUE(rooms.mark_read(bob, room.id));

  ASSERT_TRUE(rooms.mark_unread(bob, room.id, t1));
  auto s = *db.store().subscription(room.id, bob.id);
  EXPECT_TRUE(s.alert);
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.last_seen, t1);

  ASSERT_TRUE(rooms.mark_read(bob, room.id));
  ASSERT_TRUE(rooms.mark_unread(bob, room.id, std::nullopt));  // from the last message
  EXPECT_EQ(db.store().subscription(room.id, bob.id)->last_seen, t2);

  EXPECT_EQ(rooms.mark_unread(bob, empty.id, std::nullopt).error().code,
            "error-action-not-allowed");  // nothing was ever said there
  EXPECT_FALSE(db.store().subscription(empty.id, bob.id)->alert);
  EXPECT_TRUE(rooms.mark_unread(carol, room.id, t1));  // not a member: a no-op
  EXPECT_FALSE(db.store().subscription(room.id, carol.id).has_value());
}

TEST_F(RoomsTest, GeneralIsCreatedOnceAsADefaultChannel) {
  auto created = rooms.ensure_general();
  ASSERT_TRUE(created);
  EXPECT_TRUE(created.value());
  auto general = db.store().room_by_id(kGeneralRoomId);
  ASSERT_TRUE(general);
  EXPECT_EQ(general->type, "c");
  EXPECT_EQ(general->name, "general");
  EXPECT_TRUE(general->is_default);
  EXPECT_EQ(general->users_count, 0);
  auto again = rooms.ensure_general();  // a restart
  ASSERT_TRUE(again);
  EXPECT_FALSE(again.value());
}

TEST_F(RoomsTest, AnExistingRoomNamedGeneralIsLeftAlone) {
  auto mine = make("c", "General");
  auto result = rooms.ensure_general();
  ASSERT_TRUE(result);
  EXPECT_FALSE(result.value());
  EXPECT_FALSE(db.store().room_by_id(kGeneralRoomId));
  EXPECT_FALSE(db.store().room_by_id(mine.id)->is_default);
}

TEST_F(RoomsTest, NewUsersJoinEveryDefaultRoomAsPlainMembers) {
  ASSERT_TRUE(rooms.ensure_general());
  auto team = make("p", "team");
  ASSERT_TRUE(rooms.set_default(admin, team, true));
  auto other = make("c", "other");
  watch("user." + bob.id);
  rooms.join_default_channels(bob, false);
  auto in_general = db.store().subscription(kGeneralRoomId, bob.id);
  ASSERT_TRUE(in_general);
  EXPECT_TRUE(in_general->roles.empty());
  EXPECT_TRUE(in_general->alert);
  EXPECT_EQ(in_general->unread, 1);
  EXPECT_TRUE(db.store().subscription(team.id, bob.id));
  EXPECT_FALSE(db.store().subscription(other.id, bob.id));
  EXPECT_EQ(db.store().room_by_id(kGeneralRoomId)->users_count, 1);
  EXPECT_TRUE(access.is_member(*db.store().room_by_id(kGeneralRoomId), bob));
  EXPECT_EQ(last_type(*db.store().room_by_id(kGeneralRoomId)), "uj");
  EXPECT_EQ(recorder.on("user." + bob.id, bob.id + "/subscriptions-changed").size(), 2u);
  rooms.join_default_channels(bob, false);  // already a member: nothing more
  EXPECT_EQ(history_size(*db.store().room_by_id(kGeneralRoomId)), 1);
}

TEST_F(RoomsTest, ASilencedJoinPostsNoMessage) {
  ASSERT_TRUE(rooms.ensure_general());
  rooms.join_default_channels(admin, true);
  EXPECT_TRUE(db.store().subscription(kGeneralRoomId, admin.id));
  EXPECT_EQ(history_size(*db.store().room_by_id(kGeneralRoomId)), 0);
}

TEST_F(RoomsTest, OnlyRoomAdministratorsMarkADefaultChannel) {
  auto room = make("c", "news");  // alice owns it, but is no admin
  auto refused = rooms.set_default(alice, room, true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "error-action-not-allowed");
  EXPECT_EQ(refused.error().reason, "Viewing room administration is not allowed");
  auto stranger = rooms.set_default(bob, room, true);
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().reason, "Editing room is not allowed");
  auto marked = rooms.set_default(admin, room, true);
  ASSERT_TRUE(marked);
  EXPECT_TRUE(marked->is_default);
  EXPECT_TRUE(db.store().room_by_id(room.id)->is_default);
  EXPECT_EQ(history_size(room), 0);  // Rocket.Chat posts no system message for it
  auto unmarked = rooms.set_default(admin, *marked, false);
  ASSERT_TRUE(unmarked);
  EXPECT_FALSE(unmarked->is_default);
}

}  // namespace
}  // namespace parley::chat
