#include <gtest/gtest.h>

#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

class MessagesTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  MessagesTest() : alice(user("alice")), bob(user("bob")), carol(user("carol")) {
    channel = *rooms.create(alice, {"c", "general", {"bob", "carol"}, false, false, ""});
  }

  Result<json::object> say(const store::UserRecord& who, const std::string& text,
                           const std::string& room_id = "", std::string id = "",
                           std::string tmid = "") {
    SendRequest r;
    r.room_id = room_id.empty() ? channel.id : room_id;
    r.text = text;
    r.id = std::move(id);
    r.thread_id = std::move(tmid);
    return messages.send(who, r);
  }
  store::SubscriptionRecord sub(const store::UserRecord& who) {
    return *db.store().subscription(channel.id, who.id);
  }
  int64_t total(const std::string& room_id) {
    store::HistoryQuery q;
    q.room_id = room_id;
    q.count = 0;
    return db.store().room_history(q).total;
  }

  store::UserRecord alice, bob, carol;
  store::RoomRecord channel;
};

TEST_F(MessagesTest, ASentMessageIsStoredShapedAndPublishedOnce) {
  watch("room." + channel.id);
  auto sent = say(alice, "hello **world**");
  ASSERT_TRUE(sent) << sent.error().message();
  const auto& m = sent.value();
  EXPECT_EQ(m.at("_id").as_string().size(), 17u);
  EXPECT_EQ(m.at("rid").as_string(), channel.id);
  EXPECT_EQ(m.at("msg"), "hello **world**");
  EXPECT_EQ(m.at("u").at("username"), "alice");
  EXPECT_TRUE(m.at("ts").at("$date").is_int64());
  EXPECT_FALSE(m.at("md").as_array().empty());
  auto events = recorder.on("room." + channel.id, channel.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("stream"), "room-messages");
  EXPECT_EQ(events[0].at("args").at(0).at("_id"), m.at("_id"));
  EXPECT_EQ(db.store().room_by_id(channel.id)->msgs, 1);
}

TEST_F(MessagesTest, AResentClientIdNeverMakesASecondCopy) {
  watch("room." + channel.id);
  auto first = say(alice, "once", "", "clientId000000001");
  auto second = say(alice, "once", "", "clientId000000001");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first.value(), second.value());
  EXPECT_EQ(total(channel.id), 1);
  EXPECT_EQ(recorder.on("room." + channel.id, channel.id).size(), 1u);
  EXPECT_EQ(sub(bob).unread, 1);
  auto stolen = say(bob, "mine?", "", "clientId000000001");
  EXPECT_EQ(stolen.error().code, "error-duplicate-message-id");
}

TEST_F(MessagesTest, UnreadAndMentionCountsRiseForOthersOnly) {
  ASSERT_TRUE(say(alice, "hey @bob"));
  EXPECT_EQ(sub(alice).unread, 0);
  EXPECT_EQ(sub(bob).unread, 1);
  EXPECT_EQ(sub(bob).user_mentions, 1);
  EXPECT_TRUE(sub(bob).alert);
  EXPECT_EQ(sub(carol).unread, 1);
  EXPECT_EQ(sub(carol).user_mentions, 0);
  ASSERT_TRUE(say(bob, "@all lunch"));  // users may mention-all by default
  EXPECT_EQ(sub(alice).group_mentions, 1);
  EXPECT_EQ(sub(bob).group_mentions, 0);
}

TEST_F(MessagesTest, MentionsResolveToUsersAndChannels) {
  auto sent = say(alice, "ping @bob and @ghost in #general");
  ASSERT_TRUE(sent);
  auto mentions = sent->at("mentions").as_array();
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].at("_id").as_string(), bob.id);
  auto channels = sent->at("channels").as_array();
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels[0].at("name"), "general");
}

TEST_F(MessagesTest, NonMembersCannotPostAndStrangersCannotRead) {
  auto group = *rooms.create(alice, {"p", "secret", {"bob"}, false, false, ""});
  EXPECT_EQ(say(carol, "let me in", group.id).error().code, "error-not-allowed");
  ASSERT_TRUE(say(bob, "psst", group.id));
  store::HistoryQuery q;
  q.room_id = group.id;
  EXPECT_EQ(messages.history(carol, q).error().code, "error-room-not-found");
  EXPECT_EQ(messages.history(bob, q)->total, 1);
}

TEST_F(MessagesTest, DirectMessagesReopenTheOtherSide) {
  auto dm = *rooms.create_direct(alice, {"bob"});
  ASSERT_TRUE(rooms.set_open(bob, dm, false));
  ASSERT_TRUE(say(alice, "you there?", dm.id));
  auto theirs = *db.store().subscription(dm.id, bob.id);
  EXPECT_TRUE(theirs.open);
  EXPECT_EQ(theirs.unread, 1);
}

TEST_F(MessagesTest, SizeAndClockChecksMatchRocketChat) {
  EXPECT_EQ(say(alice, std::string(5001, 'x')).error().code, "error-message-size-exceeded");
  SendRequest skewed;
  skewed.room_id = channel.id;
  skewed.text = "from the future";
  skewed.client_ts = clock.now_ms() + 61'000;
  EXPECT_EQ(messages.send(alice, skewed).error().code, "error-message-ts-out-of-sync");
  skewed.client_ts = clock.now_ms() + 5'000;  // close enough: kept
  EXPECT_EQ(messages.send(alice, skewed)->at("ts").at("$date"), clock.now_ms() + 5'000);
  SendRequest tshow_alone;
  tshow_alone.room_id = channel.id;
  tshow_alone.tshow = true;
  EXPECT_EQ(messages.send(alice, tshow_alone).error().code, "invalid-params");
}

TEST_F(MessagesTest, AClientTsNeverBecomesASyncPoint) {
  // X saw M1 and syncs from its _updatedAt; Y's M2 carries a ts 5 s older (issue 9, defect 1).
  auto m1 = say(bob, "M1");
  ASSERT_TRUE(m1);
  const int64_t sync_point = m1->at("_updatedAt").at("$date").as_int64();
  SendRequest past;
  past.room_id = channel.id;
  past.text = "M2";
  past.client_ts = clock.now_ms() - 5'000;
  auto m2 = messages.send(alice, past);
  ASSERT_TRUE(m2);
  EXPECT_EQ(m2->at("ts").at("$date"), clock.now_ms() - 5'000) << "RC keeps a ts within 10 s";
  EXPECT_GT(m2->at("_updatedAt").at("$date").as_int64(), sync_point);
  auto sync = messages.sync(carol, channel.id, sync_point);
  ASSERT_TRUE(sync);
  bool found = false;
  for (const auto& m : sync->updated) found = found || m.at("_id") == m2->at("_id");
  EXPECT_TRUE(found);
}

// Concurrent sends sharing a commit are covered by the writer's hook-order test and by
// sync_order.test.js; this one checks what a single sender sees.
TEST_F(MessagesTest, ServerTimesAreWriteStampsAndEventsCarryThem) {
  watch("room." + channel.id);
  auto a = say(alice, "a");
  auto b = say(bob, "b");  // the clock stands still: b still gets a later ts
  ASSERT_TRUE(a && b);
  EXPECT_LT(a->at("ts").at("$date").as_int64(), b->at("ts").at("$date").as_int64());
  auto live = recorder.on("room." + channel.id, channel.id);
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].at("args").at(0).at("_id"), a->at("_id"));
  EXPECT_EQ(live[1].at("args").at(0).at("_id"), b->at("_id"));
  EXPECT_EQ(live[1].at("args").at(0).at("_updatedAt"), b->at("_updatedAt"));
}

TEST_F(MessagesTest, ThreadRepliesCountOnTheRootEvenWhenRepliedToAReply) {
  auto root = say(alice, "root");
  auto reply = say(bob, "first", "", "", std::string(root->at("_id").as_string()));
  ASSERT_TRUE(reply) << reply.error().message();
  auto nested = say(carol, "second", "", "", std::string(reply->at("_id").as_string()));
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->at("tmid"), root->at("_id"));
  auto parent = *db.store().message_by_id(root->at("_id").as_string());
  EXPECT_EQ(parent.doc.at("tcount"), 2);
  EXPECT_EQ(parent.doc.at("replies").as_array().size(), 2u);
  auto thread = messages.thread(alice, root->at("_id").as_string(), 0, 0);
  ASSERT_TRUE(thread);
  EXPECT_EQ(thread->total, 2);
}

TEST_F(MessagesTest, EditsAreMarkedAndOthersNeedThePermission) {
  watch("room." + channel.id);
  auto sent = say(bob, "helo");
  std::string id(sent->at("_id").as_string());
  clock.advance_ms(1000);
  auto edited = messages.update(bob, channel.id, id, "hello @carol");
  ASSERT_TRUE(edited) << edited.error().message();
  EXPECT_EQ(edited->at("msg"), "hello @carol");
  EXPECT_EQ(edited->at("editedBy").at("username"), "bob");
  EXPECT_EQ(edited->at("editedAt").at("$date"), clock.now_ms());
  EXPECT_EQ(edited->at("mentions").as_array().size(), 1u);
  EXPECT_EQ(messages.update(carol, channel.id, id, "hijack").error().code,
            "error-action-not-allowed");
  EXPECT_TRUE(messages.update(alice, channel.id, id, "owner fix"));  // owner has edit-message
  EXPECT_EQ(recorder.on("room." + channel.id, channel.id).size(), 3u);
}

TEST_F(MessagesTest, DeletesLeaveATombstoneForSync) {
  watch("room." + channel.id);
  auto sent = say(bob, "oops");
  std::string id(sent->at("_id").as_string());
  int64_t before = clock.now_ms();
  clock.advance_ms(10);
  EXPECT_EQ(messages.remove(carol, channel.id, id).error().code, "error-action-not-allowed");
  ASSERT_TRUE(messages.remove(bob, channel.id, id));
  EXPECT_EQ(total(channel.id), 0);
  auto deleted = recorder.on("room." + channel.id, channel.id + "/deleteMessage");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].at("args").at(0).at("_id").as_string(), id);
  auto sync = messages.sync(alice, channel.id, before);
  ASSERT_TRUE(sync);
  ASSERT_EQ(sync->deleted.size(), 1u);
  EXPECT_EQ(sync->deleted[0].at("_id").as_string(), id);
  EXPECT_EQ(messages.get(alice, id).error().code, "error-invalid-message");
}

TEST_F(MessagesTest, ReactionsToggleByUsername) {
  auto sent = say(alice, "vote");
  std::string id(sent->at("_id").as_string());
  ASSERT_TRUE(messages.react(bob, id, ":thumbsup:", std::nullopt));
  ASSERT_TRUE(messages.react(carol, id, "thumbsup", true));
  auto doc = messages.get(alice, id).value();
  EXPECT_EQ(doc.at("reactions").at(":thumbsup:").at("usernames"), (json::array{"bob", "carol"}));
  ASSERT_TRUE(messages.react(bob, id, ":thumbsup:", std::nullopt));
  doc = messages.get(alice, id).value();
  EXPECT_EQ(doc.at("reactions").at(":thumbsup:").at("usernames"), (json::array{"carol"}));
  ASSERT_TRUE(messages.react(carol, id, ":thumbsup:", false));
  EXPECT_FALSE(messages.get(alice, id)->contains("reactions"));
}

TEST_F(MessagesTest, PinsNeedTheRoleAndPostANotice) {
  auto sent = say(bob, "important");
  std::string id(sent->at("_id").as_string());
  EXPECT_EQ(messages.set_pinned(carol, id, true).error().code, "error-action-not-allowed");
  ASSERT_TRUE(messages.set_pinned(alice, id, true));
  EXPECT_EQ(messages.get(bob, id)->at("pinned"), true);
  EXPECT_EQ(total(channel.id), 2);  // the message_pinned notice
  ASSERT_TRUE(messages.set_starred(carol, id, true));
  EXPECT_EQ(messages.get(bob, id)->at("starred"), (json::array{json::object{{"_id", carol.id}}}));
}

TEST_F(MessagesTest, SearchFindsWordsInTheRoomOnly) {
  ASSERT_TRUE(say(alice, "the quick brown fox"));
  ASSERT_TRUE(say(bob, "a lazy dog"));
  auto found = messages.search(carol, channel.id, "quick fox", 0, 10);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->messages.size(), 1u);
  EXPECT_EQ(found->messages[0].at("msg"), "the quick brown fox");
  EXPECT_TRUE(messages.search(carol, channel.id, "\"*()", 0, 10)->messages.empty());
}

TEST_F(MessagesTest, WithThreadsDisabledNeitherRepliesNorThreadReadsAreAllowed) {
  auto root = say(alice, "root");
  ASSERT_TRUE(root);
  const std::string root_id(root->at("_id").as_string());
  ASSERT_TRUE(say(bob, "reply", "", "", root_id));
  Messages no_threads(db.store(), clock, access, events, MessageLimits{5000, false});
  SendRequest reply;
  reply.room_id = channel.id;
  reply.text = "another reply";
  reply.thread_id = root_id;
  EXPECT_EQ(no_threads.send(bob, reply).error().code, "error-not-allowed");
  EXPECT_EQ(no_threads.thread(alice, root_id, 0, 50).error().reason, "Threads Disabled");
  EXPECT_EQ(messages.thread(alice, root_id, 0, 50)->total, 1);
}

TEST_F(MessagesTest, AnAliasOrAvatarTakesMessageImpersonate) {
  SendRequest r;
  r.room_id = channel.id;
  r.text = "from someone else";
  r.extras["alias"] = "The Boss";
  EXPECT_EQ(messages.send(bob, r).error().reason, "Not enough permission");
  r.extras["alias"] = "";
  EXPECT_TRUE(messages.send(bob, r)) << "an empty alias is no alias";

  store::UserRecord bot = user("robot");
  bot.roles = {"user", "bot"};
  ASSERT_TRUE(rooms.join(bot, channel));
  r.extras["alias"] = "Build Bot";
  r.extras["avatar"] = "https://example.com/bot.png";
  auto sent = messages.send(bot, r);
  ASSERT_TRUE(sent) << sent.error().message();
  EXPECT_EQ(sent->at("alias"), "Build Bot");
}

}  // namespace
}  // namespace parley::chat
