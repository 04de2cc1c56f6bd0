// Store conformance, continued: messages (append and its effects, edit, delete, history,
// threads, sync, search, concurrency). Same rules as store_conformance.cpp:
// only the Store interface, so every implementation runs these as they are
// (sqlite_store_test.cpp instantiates the StoreConformance suite, which includes them).
#include <atomic>
#include <initializer_list>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

// --- messages: append and its effects --------------------------------------------------------

// A channel with alice (1), bob (2) and carol (3), and a DM between alice and bob. Messages
// are written at their ts: send() sets the store's clock to it, so a message's stamps are its
// ts whenever messages are sent in ts order.
class Chat {
 public:
  Chat(Store& store, util::FakeClock& clock) : store_(store), clock_(clock) {
    channel = make_room(1, "c", "general");
    EXPECT_EQ(
        store.insert_room(channel, {make_sub(channel, 1, "alice"), make_sub(channel, 2, "bob"),
                                    make_sub(channel, 3, "carol")}),
        WriteStatus::kOk);
    dm = make_room(2, "d", "");
    SubscriptionRecord a = make_sub(dm, 1, "alice");
    SubscriptionRecord b = make_sub(dm, 2, "bob");
    a.open = false;
    b.open = false;
    EXPECT_EQ(store.insert_room(dm, {a, b}), WriteStatus::kOk);
  }
  SubscriptionRecord sub(const RoomRecord& room, int user) {
    auto s = store_.subscription(room.id, user_id(user));
    EXPECT_TRUE(s.has_value());
    return s.value_or(SubscriptionRecord{});
  }
  AppendResult send(const MessageRecord& m, const MessageEffects& effects = {}) {
    clock_.set_ms(m.ts);
    return store_.append_message(m, effects);
  }

  RoomRecord channel;
  RoomRecord dm;

 private:
  Store& store_;
  util::FakeClock& clock_;
};

TEST_P(StoreConformance, AppendUpdatesTheRoomAndEveryOtherMember) {
  Chat chat(store(), clock_);
  const MessageRecord m = make_message(message_id(1), chat.channel.id, 1, kT0 + 1000, "hello");
  AppendResult result = chat.send(m);
  EXPECT_TRUE(result.inserted);
  expect_same_message(result.message, m);

  auto stored = store().message_by_id(m.id);
  ASSERT_TRUE(stored.has_value());
  expect_same_message(*stored, m);
  EXPECT_TRUE(stored->thread_id.empty());
  EXPECT_FALSE(stored->deleted_at.has_value());

  auto room = store().room_by_id(chat.channel.id);
  EXPECT_EQ(room->msgs, 1);
  EXPECT_EQ(room->last_message_at, kT0 + 1000);
  EXPECT_EQ(room->last_message, m.doc);
  EXPECT_EQ(room->updated_at, kT0 + 1000);

  const SubscriptionRecord sender = chat.sub(chat.channel, 1);
  expect_same_subscription(sender, make_sub(chat.channel, 1, "alice"));  // unchanged
  for (int user : {2, 3}) {
    SubscriptionRecord s = chat.sub(chat.channel, user);
    EXPECT_EQ(s.unread, 1) << user;
    EXPECT_TRUE(s.alert) << user;
    EXPECT_EQ(s.updated_at, kT0 + 1000) << user;
    EXPECT_EQ(s.user_mentions, 0) << user;
    EXPECT_EQ(s.group_mentions, 0) << user;
  }
  // Other rooms are untouched.
  EXPECT_EQ(store().room_by_id(chat.dm.id)->msgs, 0);
  EXPECT_EQ(chat.sub(chat.dm, 2).unread, 0);

  ASSERT_TRUE(
      chat.send(make_message(message_id(2), chat.channel.id, 2, kT0 + 2000, "hi")).inserted);
  EXPECT_EQ(store().room_by_id(chat.channel.id)->msgs, 2);
  EXPECT_EQ(chat.sub(chat.channel, 1).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 3).unread, 2);
}

TEST_P(StoreConformance, AppendCountsMentionsAndGroupMentions) {
  Chat chat(store(), clock_);
  MessageEffects mention;
  mention.mentioned_user_ids = {user_id(2), user_id(2), user_id(1), user_id(9)};
  ASSERT_TRUE(
      chat.send(make_message(message_id(1), chat.channel.id, 1, kT0 + 1, "@bob @alice"), mention)
          .inserted);
  EXPECT_EQ(chat.sub(chat.channel, 2).user_mentions, 1) << "a repeated id counts once";
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 1) << "unread counts once for a mention";
  EXPECT_EQ(chat.sub(chat.channel, 3).user_mentions, 0);
  EXPECT_EQ(chat.sub(chat.channel, 3).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 1).user_mentions, 0) << "the sender is never counted";
  EXPECT_EQ(chat.sub(chat.channel, 1).unread, 0);

  MessageEffects all;
  all.group_mention = true;
  ASSERT_TRUE(
      chat.send(make_message(message_id(2), chat.channel.id, 3, kT0 + 2, "@all"), all).inserted);
  EXPECT_EQ(chat.sub(chat.channel, 1).group_mentions, 1);
  EXPECT_EQ(chat.sub(chat.channel, 2).group_mentions, 1);
  EXPECT_EQ(chat.sub(chat.channel, 3).group_mentions, 0);
  EXPECT_EQ(chat.sub(chat.channel, 1).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 2);
  EXPECT_EQ(chat.sub(chat.channel, 3).unread, 1);
}

TEST_P(StoreConformance, MentionsCountUnreadEvenWhenTheRoomDoesNot) {
  Chat chat(store(), clock_);
  MessageEffects quiet;
  quiet.count_unread = false;
  quiet.mentioned_user_ids = {user_id(3)};
  ASSERT_TRUE(chat.send(make_message(message_id(1), chat.channel.id, 1, kT0 + 1, "@carol"), quiet)
                  .inserted);
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 0);
  EXPECT_FALSE(chat.sub(chat.channel, 2).alert);
  EXPECT_EQ(chat.sub(chat.channel, 3).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 3).user_mentions, 1);
  EXPECT_TRUE(chat.sub(chat.channel, 3).alert);
}

TEST_P(StoreConformance, AppendReopensDirectMessages) {
  Chat chat(store(), clock_);
  MessageEffects reopen;
  reopen.reopen = true;
  ASSERT_TRUE(
      chat.send(make_message(message_id(1), chat.dm.id, 1, kT0 + 5, "psst"), reopen).inserted);
  EXPECT_TRUE(chat.sub(chat.dm, 2).open);
  EXPECT_EQ(chat.sub(chat.dm, 2).unread, 1);
  EXPECT_FALSE(chat.sub(chat.dm, 1).open) << "the sender's own subscription is left as it was";

  // Without reopen, a closed DM stays closed.
  ASSERT_EQ(store().modify_subscription(chat.dm.id, user_id(2),
                                        [](SubscriptionRecord& s) {
                                          s.open = false;
                                          return true;
                                        }),
            WriteStatus::kOk);
  ASSERT_TRUE(chat.send(make_message(message_id(2), chat.dm.id, 1, kT0 + 6, "again")).inserted);
  EXPECT_FALSE(chat.sub(chat.dm, 2).open);
  EXPECT_EQ(chat.sub(chat.dm, 2).unread, 2);
}

TEST_P(StoreConformance, AppendWithoutRoomEffectLeavesTheRoomAlone) {
  Chat chat(store(), clock_);
  MessageEffects none;
  none.update_room_last_message = false;
  none.count_unread = false;
  ASSERT_TRUE(
      chat.send(make_message(message_id(1), chat.channel.id, 1, kT0 + 5, "quiet"), none).inserted);
  auto room = store().room_by_id(chat.channel.id);
  EXPECT_EQ(room->msgs, 0);
  EXPECT_FALSE(room->last_message_at.has_value());
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 0);
  EXPECT_TRUE(store().message_by_id(message_id(1)).has_value());
}

TEST_P(StoreConformance, AppendingAnExistingIdAppliesNothing) {
  Chat chat(store(), clock_);
  const MessageRecord first = make_message(message_id(1), chat.channel.id, 1, kT0 + 10, "once");
  ASSERT_TRUE(chat.send(first).inserted);

  MessageRecord retry = make_message(message_id(1), chat.channel.id, 1, kT0 + 20, "twice?");
  MessageEffects effects;
  effects.mentioned_user_ids = {user_id(2)};
  AppendResult again = chat.send(retry, effects);
  EXPECT_FALSE(again.inserted);
  expect_same_message(again.message, first);

  EXPECT_EQ(store().room_by_id(chat.channel.id)->msgs, 1);
  EXPECT_EQ(store().room_by_id(chat.channel.id)->last_message_at, kT0 + 10);
  EXPECT_EQ(chat.sub(chat.channel, 2).unread, 1);
  EXPECT_EQ(chat.sub(chat.channel, 2).user_mentions, 0);
  EXPECT_EQ(store().room_history(HistoryFor(chat.channel.id)).total, 1);
  EXPECT_EQ(store().message_by_id(message_id(1))->doc.at("msg"), "once");
}

TEST_P(StoreConformance, ThreadReplyUpdatesItsParent) {
  Chat chat(store(), clock_);
  const MessageRecord parent = make_message(message_id(1), chat.channel.id, 1, kT0 + 100, "topic");
  ASSERT_TRUE(chat.send(parent).inserted);

  MessageRecord reply = make_message(message_id(2), chat.channel.id, 2, kT0 + 200, "re 1");
  reply.thread_id = parent.id;
  reply.doc["tmid"] = parent.id;
  ASSERT_TRUE(chat.send(reply).inserted);
  EXPECT_EQ(store().message_by_id(reply.id)->thread_id, parent.id);

  auto got = store().message_by_id(parent.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->doc.at("tcount"), 1);
  EXPECT_EQ(got->doc.at("tlm"), (json::object{{"$date", kT0 + 200}}));
  EXPECT_EQ(got->doc.at("replies"), (json::array{user_id(2)}));
  EXPECT_EQ(got->updated_at, kT0 + 200);
  EXPECT_EQ(got->doc.at("msg"), "topic") << "the rest of the parent is kept";

  MessageRecord second = make_message(message_id(3), chat.channel.id, 2, kT0 + 300, "re 2");
  second.thread_id = parent.id;
  MessageRecord third = make_message(message_id(4), chat.channel.id, 1, kT0 + 400, "re 3");
  third.thread_id = parent.id;
  ASSERT_TRUE(chat.send(second).inserted);
  ASSERT_TRUE(chat.send(third).inserted);
  got = store().message_by_id(parent.id);
  EXPECT_EQ(got->doc.at("tcount"), 3);
  EXPECT_EQ(got->doc.at("tlm"), (json::object{{"$date", kT0 + 400}}));
  EXPECT_EQ(got->doc.at("replies"), (json::array{user_id(2), user_id(1)}))
      << "each replier once, in order of first reply";

  // A reply's parent appears among the room's updated messages.
  EXPECT_EQ(id_set(store().messages_updated_since(chat.channel.id, kT0 + 350)),
            (std::set<std::string>{parent.id, third.id}));

  // A reply to a parent that does not exist is still stored.
  MessageRecord orphan = make_message(message_id(5), chat.channel.id, 2, kT0 + 500, "lost");
  orphan.thread_id = message_id(99);
  EXPECT_TRUE(chat.send(orphan).inserted);
  EXPECT_FALSE(store().message_by_id(message_id(99)).has_value());
}

// --- messages: edit and delete ---------------------------------------------------------------

TEST_P(StoreConformance, ModifyMessageAppliesTheMutation) {
  Chat chat(store(), clock_);
  ASSERT_TRUE(
      chat.send(make_message(message_id(1), chat.channel.id, 1, kT0 + 10, "typo here")).inserted);

  MessageRecord out;
  EXPECT_EQ(store().modify_message(
                message_id(1),
                [](MessageRecord& m) {
                  m.doc["msg"] = "fixed here";
                  m.doc["editedAt"] = json::object{{"$date", kT0 + 20}};
                  m.updated_at = kT0 + 20;
                  return true;
                },
                &out),
            WriteStatus::kOk);
  EXPECT_EQ(out.doc.at("msg"), "fixed here");
  expect_same_message(*store().message_by_id(message_id(1)), out);

  // Search follows the edit.
  EXPECT_EQ(store().search_messages(chat.channel.id, "fixed", 0, 0).total, 1);
  EXPECT_EQ(store().search_messages(chat.channel.id, "typo", 0, 0).total, 0);

  MessageRecord untouched;
  untouched.id = "sentinel";
  EXPECT_EQ(store().modify_message(
                message_id(1),
                [](MessageRecord& m) {
                  m.doc["msg"] = "nope";
                  return false;
                },
                &untouched),
            WriteStatus::kUnchanged);
  EXPECT_EQ(untouched.id, "sentinel");
  EXPECT_EQ(store().message_by_id(message_id(1))->doc.at("msg"), "fixed here");
  EXPECT_EQ(store().modify_message(message_id(2), [](MessageRecord&) { return true; }),
            WriteStatus::kNotFound);
}

TEST_P(StoreConformance, LastMessageFollowsEditsAndFallsBackOnDelete) {
  Chat chat(store(), clock_);
  for (int i = 1; i <= 2; ++i) {
    ASSERT_TRUE(chat.send(make_message(message_id(i), chat.channel.id, 1, kT0 + i * 10,
                                       "text " + std::to_string(i)))
                    .inserted);
  }
  auto last_id = [&] {
    auto room = store().room_by_id(chat.channel.id);
    auto it = room->last_message.find("_id");
    return it == room->last_message.end() ? std::string() : std::string(it->value().as_string());
  };
  ASSERT_EQ(last_id(), message_id(2));

  // Editing an older message leaves lastMessage alone; editing the last one shows there.
  ASSERT_EQ(store().modify_message(message_id(1),
                                   [](MessageRecord& m) {
                                     m.doc["msg"] = "older, edited";
                                     return true;
                                   }),
            WriteStatus::kOk);
  EXPECT_EQ(store().room_by_id(chat.channel.id)->last_message.at("msg"), "text 2");
  ASSERT_EQ(store().modify_message(message_id(2),
                                   [](MessageRecord& m) {
                                     m.doc["msg"] = "last, edited";
                                     return true;
                                   }),
            WriteStatus::kOk);
  EXPECT_EQ(store().room_by_id(chat.channel.id)->last_message.at("msg"), "last, edited");

  ASSERT_EQ(store().delete_message(message_id(2)), WriteStatus::kOk);
  EXPECT_EQ(last_id(), message_id(1));
  EXPECT_EQ(store().room_by_id(chat.channel.id)->last_message_at, kT0 + 10);
  ASSERT_EQ(store().delete_message(message_id(1)), WriteStatus::kOk);
  EXPECT_TRUE(store().room_by_id(chat.channel.id)->last_message.empty());
  EXPECT_FALSE(store().room_by_id(chat.channel.id)->last_message_at.has_value());
}

TEST_P(StoreConformance, DeleteLeavesATombstone) {
  Chat chat(store(), clock_);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(chat.send(make_message(message_id(i), chat.channel.id, 1, kT0 + i * 10,
                                       "word number " + std::to_string(i)))
                    .inserted);
  }
  at(kT0 + 100);
  ASSERT_EQ(store().delete_message(message_id(2)), WriteStatus::kOk);

  auto tombstone = store().message_by_id(message_id(2));
  ASSERT_TRUE(tombstone.has_value());
  EXPECT_EQ(tombstone->deleted_at, kT0 + 100);
  EXPECT_EQ(tombstone->updated_at, kT0 + 100);
  EXPECT_EQ(tombstone->doc, (json::object{{"_id", message_id(2)}, {"rid", chat.channel.id}}));
  EXPECT_EQ(tombstone->room_id, chat.channel.id);

  MessagePage history = store().room_history(HistoryFor(chat.channel.id));
  EXPECT_EQ(ids_of(history.messages), (Ids{message_id(3), message_id(1)}));
  EXPECT_EQ(history.total, 2);
  EXPECT_EQ(store().room_by_id(chat.channel.id)->msgs, 2);

  EXPECT_EQ(ids_of(store().messages_deleted_since(chat.channel.id, kT0 + 99)),
            (Ids{message_id(2)}));
  EXPECT_TRUE(store().messages_deleted_since(chat.channel.id, kT0 + 100).empty());
  EXPECT_EQ(id_set(store().messages_updated_since(chat.channel.id, 0)),
            (std::set<std::string>{message_id(1), message_id(3)}))
      << "a tombstone is reported as deleted, not as updated";

  EXPECT_EQ(store().search_messages(chat.channel.id, "word", 0, 0).total, 2);
  EXPECT_EQ(store().search_messages(chat.channel.id, "2", 0, 0).total, 0);

  EXPECT_EQ(store().delete_message(message_id(2)), WriteStatus::kNotFound) << "already deleted";
  EXPECT_EQ(store().delete_message(message_id(9)), WriteStatus::kNotFound);
  EXPECT_EQ(store().modify_message(message_id(2), [](MessageRecord&) { return true; }),
            WriteStatus::kNotFound)
      << "a tombstone cannot be edited back to life";
  EXPECT_EQ(store().room_by_id(chat.channel.id)->msgs, 2);
}

TEST_P(StoreConformance, DeletingAThreadParentLeavesItsReplies) {
  Chat chat(store(), clock_);
  ASSERT_TRUE(
      chat.send(make_message(message_id(1), chat.channel.id, 1, kT0 + 1, "parent")).inserted);
  MessageRecord reply = make_message(message_id(2), chat.channel.id, 2, kT0 + 2, "child");
  reply.thread_id = message_id(1);
  ASSERT_TRUE(chat.send(reply).inserted);
  ASSERT_EQ(store().delete_message(message_id(1)), WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().thread_messages(message_id(1), 0, 0).messages), (Ids{message_id(2)}));

  // A reply to a deleted parent leaves the tombstone as it is.
  MessageRecord late = make_message(message_id(3), chat.channel.id, 3, kT0 + 4, "late");
  late.thread_id = message_id(1);
  ASSERT_TRUE(chat.send(late).inserted);
  EXPECT_EQ(store().message_by_id(message_id(1))->doc,
            (json::object{{"_id", message_id(1)}, {"rid", chat.channel.id}}));
}

// --- messages: reading -----------------------------------------------------------------------

// Ten messages in the channel at kT0 + 100 .. kT0 + 1000, and one in the DM.
class History : public Chat {
 public:
  History(Store& store, util::FakeClock& clock) : Chat(store, clock) {
    for (int i = 1; i <= 10; ++i) {
      EXPECT_TRUE(send(make_message(message_id(i), channel.id, 1 + i % 3, ts(i),
                                    "message " + std::to_string(i)))
                      .inserted);
    }
    EXPECT_TRUE(send(make_message(message_id(50), dm.id, 1, ts(5), "dm")).inserted);
  }
  static int64_t ts(int i) { return kT0 + i * 100; }
};

Ids message_ids(std::initializer_list<int> ns) {
  Ids out;
  for (int n : ns) out.push_back(message_id(n));
  return out;
}

TEST_P(StoreConformance, RoomHistoryIsNewestFirstWithBoundsAndPaging) {
  History h(store(), clock_);
  const std::string rid = h.channel.id;

  MessagePage all = store().room_history(HistoryFor(rid).count(0));
  EXPECT_EQ(ids_of(all.messages), message_ids({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(all.total, 10);

  MessagePage first = store().room_history(HistoryFor(rid).count(3));
  EXPECT_EQ(ids_of(first.messages), message_ids({10, 9, 8}));
  EXPECT_EQ(first.total, 10);

  MessagePage second = store().room_history(HistoryFor(rid).offset(3).count(3));
  EXPECT_EQ(ids_of(second.messages), message_ids({7, 6, 5}));

  MessagePage before = store().room_history(HistoryFor(rid).latest(History::ts(4)));
  EXPECT_EQ(ids_of(before.messages), message_ids({3, 2, 1})) << "latest is exclusive";
  EXPECT_EQ(before.total, 3);

  MessagePage after = store().room_history(HistoryFor(rid).oldest(History::ts(8)));
  EXPECT_EQ(ids_of(after.messages), message_ids({10, 9})) << "oldest is exclusive";

  MessagePage between = store().room_history(
      HistoryFor(rid).latest(History::ts(6)).oldest(History::ts(3)).inclusive());
  EXPECT_EQ(ids_of(between.messages), message_ids({6, 5, 4, 3}));
  EXPECT_EQ(between.total, 4);

  MessagePage between_exclusive =
      store().room_history(HistoryFor(rid).latest(History::ts(6)).oldest(History::ts(3)));
  EXPECT_EQ(ids_of(between_exclusive.messages), message_ids({5, 4}));

  MessagePage paged_window =
      store().room_history(HistoryFor(rid).latest(History::ts(9)).offset(1).count(2));
  EXPECT_EQ(ids_of(paged_window.messages), message_ids({7, 6}));
  EXPECT_EQ(paged_window.total, 8);

  MessagePage past_end = store().room_history(HistoryFor(rid).offset(20));
  EXPECT_TRUE(past_end.messages.empty());
  EXPECT_EQ(past_end.total, 10);

  EXPECT_EQ(ids_of(store().room_history(HistoryFor(h.dm.id)).messages), message_ids({50}));
  EXPECT_EQ(store().room_history(HistoryFor(room_id(77))).total, 0);
}

// loadHistory's shape: pages walk back by `latest`, and nobody asked for a total.
TEST_P(StoreConformance, HistoryWithoutTotalGivesTheSamePagesAndNoCount) {
  History h(store(), clock_);
  const std::string rid = h.channel.id;

  MessagePage newest = store().room_history(HistoryFor(rid).count(4).without_total());
  EXPECT_EQ(ids_of(newest.messages), message_ids({10, 9, 8, 7}));
  EXPECT_EQ(newest.total, 0) << "not counted";

  MessagePage older =
      store().room_history(HistoryFor(rid).latest(History::ts(7)).count(4).without_total());
  EXPECT_EQ(ids_of(older.messages), message_ids({6, 5, 4, 3}));
  EXPECT_EQ(older.total, 0);

  MessagePage last =
      store().room_history(HistoryFor(rid).latest(History::ts(3)).count(4).without_total());
  EXPECT_EQ(ids_of(last.messages), message_ids({2, 1}));

  // Offsets still work without a total, and agree with the counted query.
  MessagePage skipped = store().room_history(HistoryFor(rid).offset(3).count(3).without_total());
  EXPECT_EQ(ids_of(skipped.messages),
            ids_of(store().room_history(HistoryFor(rid).offset(3).count(3)).messages));
  EXPECT_EQ(ids_of(skipped.messages), message_ids({7, 6, 5}));
}

TEST_P(StoreConformance, HistoryCanHideThreadRepliesNotShownInTheChannel) {
  Chat chat(store(), clock_);
  const std::string rid = chat.channel.id;
  ASSERT_TRUE(chat.send(make_message(message_id(1), rid, 1, kT0 + 1, "parent")).inserted);
  MessageRecord hidden = make_message(message_id(2), rid, 2, kT0 + 2, "in thread only");
  hidden.thread_id = message_id(1);
  MessageRecord shown = make_message(message_id(3), rid, 2, kT0 + 3, "also sent to channel");
  shown.thread_id = message_id(1);
  shown.doc["tshow"] = true;
  MessageRecord explicit_false = make_message(message_id(4), rid, 3, kT0 + 4, "tshow false");
  explicit_false.thread_id = message_id(1);
  explicit_false.doc["tshow"] = false;
  for (const auto& m : {hidden, shown, explicit_false}) ASSERT_TRUE(chat.send(m).inserted);
  ASSERT_TRUE(chat.send(make_message(message_id(5), rid, 1, kT0 + 5, "plain")).inserted);

  MessagePage everything = store().room_history(HistoryFor(rid));
  EXPECT_EQ(ids_of(everything.messages), message_ids({5, 4, 3, 2, 1}));

  MessagePage channel_view = store().room_history(HistoryFor(rid).skip_thread_replies());
  EXPECT_EQ(ids_of(channel_view.messages), message_ids({5, 3, 1}));
  EXPECT_EQ(channel_view.total, 3);
}

TEST_P(StoreConformance, ThreadMessagesAreOldestFirst) {
  Chat chat(store(), clock_);
  const std::string rid = chat.channel.id;
  ASSERT_TRUE(chat.send(make_message(message_id(1), rid, 1, kT0 + 1, "parent")).inserted);
  // Sent out of order: the order is by ts.
  for (int i : {4, 2, 5, 3}) {
    MessageRecord reply = make_message(message_id(i), rid, 2, kT0 + i * 10, "reply");
    reply.thread_id = message_id(1);
    ASSERT_TRUE(chat.send(reply).inserted);
  }
  ASSERT_TRUE(chat.send(make_message(message_id(6), rid, 1, kT0 + 60, "not in thread")).inserted);

  MessagePage all = store().thread_messages(message_id(1), 0, 0);
  EXPECT_EQ(ids_of(all.messages), message_ids({2, 3, 4, 5}));
  EXPECT_EQ(all.total, 4);
  MessagePage page = store().thread_messages(message_id(1), 1, 2);
  EXPECT_EQ(ids_of(page.messages), message_ids({3, 4}));
  EXPECT_EQ(page.total, 4);

  ASSERT_EQ(store().delete_message(message_id(3)), WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().thread_messages(message_id(1), 0, 0).messages), message_ids({2, 4, 5}));
  EXPECT_EQ(store().thread_messages(message_id(6), 0, 0).total, 0);
}

TEST_P(StoreConformance, MessagesUpdatedSinceFollowsUpdatedAt) {
  History h(store(), clock_);
  const std::string rid = h.channel.id;
  EXPECT_EQ(store().messages_updated_since(rid, 0).size(), 10u);
  EXPECT_EQ(id_set(store().messages_updated_since(rid, History::ts(8))),
            (std::set<std::string>{message_id(9), message_id(10)}));

  at(History::ts(20));
  ASSERT_EQ(store().modify_message(message_id(2),
                                   [](MessageRecord& m) {
                                     m.updated_at = 1;  // the store's stamp wins
                                     m.doc["msg"] = "edited";
                                     return true;
                                   }),
            WriteStatus::kOk);
  EXPECT_EQ(id_set(store().messages_updated_since(rid, History::ts(10) + 1)),
            (std::set<std::string>{message_id(2)}));
  EXPECT_TRUE(store().messages_updated_since(rid, History::ts(20)).empty());
  // The DM's message was written after the channel's tenth (ts(10)), whatever its own ts.
  EXPECT_TRUE(store().messages_updated_since(h.dm.id, History::ts(10) + 1).empty());
  EXPECT_EQ(store().messages_updated_since(h.dm.id, History::ts(10)).size(), 1u);
  EXPECT_TRUE(store().messages_deleted_since(rid, 0).empty());
}

TEST_P(StoreConformance, SearchFindsEveryWordInOneRoomNewestFirst) {
  Chat chat(store(), clock_);
  const std::string rid = chat.channel.id;
  const std::vector<std::string> texts = {
      "The quick brown fox",             // 1
      "a QUICK red fox jumps",           // 2
      "nothing to see",                  // 3
      "quick, said the \"café\" owner",  // 4
      "brown bread",                     // 5
  };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    ASSERT_TRUE(chat.send(make_message(message_id(n), rid, 1, kT0 + n, texts[i])).inserted);
  }
  ASSERT_TRUE(
      chat.send(make_message(message_id(9), chat.dm.id, 1, kT0 + 9, "quick fox in a DM")).inserted);

  MessagePage quick = store().search_messages(rid, "quick", 0, 0);
  EXPECT_EQ(ids_of(quick.messages), message_ids({4, 2, 1}));
  EXPECT_EQ(quick.total, 3);

  EXPECT_EQ(ids_of(store().search_messages(rid, "fox Quick", 0, 0).messages), message_ids({2, 1}))
      << "every word must match, in any order and case";
  EXPECT_EQ(ids_of(store().search_messages(rid, "cafe", 0, 0).messages), message_ids({4}))
      << "diacritics are folded";
  EXPECT_EQ(ids_of(store().search_messages(rid, "\"café\"", 0, 0).messages), message_ids({4}))
      << "quotes in the query are plain characters";
  EXPECT_EQ(ids_of(store().search_messages(rid, "jumping foxes", 0, 0).messages), message_ids({2}))
      << "English words are stemmed, as RC's MongoDB text search does";

  MessagePage paged = store().search_messages(rid, "quick", 1, 1);
  EXPECT_EQ(ids_of(paged.messages), message_ids({2}));
  EXPECT_EQ(paged.total, 3);

  EXPECT_EQ(store().search_messages(rid, "zebra", 0, 0).total, 0);
  EXPECT_EQ(store().search_messages(rid, "quick zebra", 0, 0).total, 0);
  EXPECT_EQ(ids_of(store().search_messages(chat.dm.id, "quick", 0, 0).messages), message_ids({9}))
      << "other rooms' messages are never found";
  EXPECT_EQ(store().search_messages(room_id(77), "quick", 0, 0).total, 0);

  ASSERT_EQ(store().delete_message(message_id(2)), WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().search_messages(rid, "quick", 0, 0).messages), message_ids({4, 1}));
}

TEST_P(StoreConformance, SearchTreatsQuerySyntaxAsText) {
  Chat chat(store(), clock_);
  const std::string rid = chat.channel.id;
  ASSERT_TRUE(chat.send(make_message(message_id(1), rid, 1, kT0 + 1, "and or not near")).inserted);
  ASSERT_TRUE(chat.send(make_message(message_id(2), rid, 1, kT0 + 2, "say \"hi\" now")).inserted);

  // Nothing here may throw: every word is a quoted phrase, never FTS syntax.
  for (const char* text :
       {"...", "!!! ???", "\"", "\"\"", "*", "-", "(", ")", ":", "^", "   ", "", "— …", "🎉"}) {
    MessagePage page = store().search_messages(rid, text, 0, 0);
    EXPECT_TRUE(page.messages.empty()) << "'" << text << "'";
    EXPECT_EQ(page.total, 0) << "'" << text << "'";
  }
  EXPECT_EQ(ids_of(store().search_messages(rid, "AND", 0, 0).messages), message_ids({1}));
  EXPECT_EQ(ids_of(store().search_messages(rid, "NEAR( OR", 0, 0).messages), message_ids({1}));
  EXPECT_EQ(ids_of(store().search_messages(rid, "msg:and", 0, 0).messages), Ids{})
      << "'msg:and' is the phrase 'msg and', not a column filter";
  EXPECT_EQ(ids_of(store().search_messages(rid, "\"hi\"", 0, 0).messages), message_ids({2}));
  EXPECT_EQ(ids_of(store().search_messages(rid, "hi\" OR \"and", 0, 0).messages), Ids{})
      << "a quote cannot close the phrase and inject OR";
  EXPECT_EQ(ids_of(store().search_messages(rid, "hi*", 0, 0).messages), message_ids({2}))
      << "'*' is not a prefix operator";
  EXPECT_EQ(ids_of(store().search_messages(rid, "h*", 0, 0).messages), Ids{});
  EXPECT_EQ(ids_of(store().search_messages(rid, "now!", 0, 0).messages), message_ids({2}));
}

// --- messages: concurrency -------------------------------------------------------------------

TEST_P(StoreConformance, ConcurrentAppendsToOneRoomLoseNoCounts) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  RoomRecord room = make_room(1, "c", "busy");
  std::vector<SubscriptionRecord> subs;
  for (int u = 1; u <= kThreads + 2; ++u)
    subs.push_back(make_sub(room, u, "user" + std::to_string(u)));
  ASSERT_EQ(store().insert_room(room, subs), WriteStatus::kOk);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i + 1;
        // Thread t sends as user t+1; users kThreads+1 and kThreads+2 only read.
        if (!store()
                 .append_message(make_message(message_id(n), room.id, t + 1, kT0 + n, "x"), {})
                 .inserted) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store().room_by_id(room.id)->msgs, kThreads * kPerThread);
  EXPECT_EQ(store().room_history(HistoryFor(room.id)).total, kThreads * kPerThread);
  for (int u = 1; u <= kThreads + 2; ++u) {
    const int sent = u <= kThreads ? kPerThread : 0;
    EXPECT_EQ(store().subscription(room.id, user_id(u))->unread, kThreads * kPerThread - sent)
        << "user " << u;
  }
  EXPECT_EQ(store().room_by_id(room.id)->last_message_at, kT0 + kThreads * kPerThread)
      << "the newest message is the last message, whatever order the writes committed in";
}

TEST_P(StoreConformance, ConcurrentThreadRepliesLoseNoUpdates) {
  constexpr int kThreads = 8;
  Chat chat(store(), clock_);
  ASSERT_TRUE(chat.send(make_message(message_id(1), chat.channel.id, 1, kT0, "parent")).inserted);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      MessageRecord reply =
          make_message(message_id(100 + t), chat.channel.id, 10 + t, kT0 + 1 + t, "reply");
      reply.thread_id = message_id(1);
      store().append_message(reply, {});
    });
  }
  for (auto& t : threads) t.join();

  auto parent = store().message_by_id(message_id(1));
  ASSERT_TRUE(parent.has_value());
  EXPECT_EQ(parent->doc.at("tcount"), kThreads);
  EXPECT_EQ(parent->doc.at("replies").as_array().size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(store().thread_messages(message_id(1), 0, 0).total, kThreads);
}

// rooms.cleanHistory's write: many tombstones of one room in one job; other rooms' ids, ids
// already deleted and unknown ids are skipped; msgs and lastMessage follow.
TEST_P(StoreConformance, DeleteMessagesTombstonesOneRoomsMessagesAtOnce) {
  Chat chat(store(), clock_);
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(chat.send(make_message(message_id(i), chat.channel.id, 1, kT0 + i * 10,
                                       "text " + std::to_string(i)))
                    .inserted);
  }
  ASSERT_TRUE(
      chat.send(make_message(message_id(5), chat.dm.id, 1, kT0 + 50, "elsewhere")).inserted);
  ASSERT_EQ(store().delete_message(message_id(1)), WriteStatus::kOk);
  at(kT0 + 100);

  int hooks = 0;
  const int64_t deleted = store().delete_messages(
      chat.channel.id, {message_id(4), message_id(2), message_id(5), message_id(1), "no-such"},
      [&] { ++hooks; });
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(hooks, 1);

  MessagePage history = store().room_history(HistoryFor(chat.channel.id));
  EXPECT_EQ(ids_of(history.messages), (Ids{message_id(3)}));
  auto room = store().room_by_id(chat.channel.id);
  EXPECT_EQ(room->msgs, 1);
  EXPECT_EQ(room->last_message.at("_id").as_string(), message_id(3));
  EXPECT_EQ(room->last_message_at, kT0 + 30);
  EXPECT_EQ(store().message_by_id(message_id(4))->deleted_at, kT0 + 100);
  EXPECT_EQ(id_set(store().messages_deleted_since(chat.channel.id, kT0 + 99)),
            (std::set<std::string>{message_id(2), message_id(4)}));
  EXPECT_FALSE(store().message_by_id(message_id(5))->deleted_at.has_value());
  EXPECT_EQ(store().room_by_id(chat.dm.id)->msgs, 1);
}

}  // namespace
}  // namespace parley::store::conformance
