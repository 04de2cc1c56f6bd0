// Store conformance, continued: write stamps and AfterCommit hooks (store.hpp). A "since"
// read must never miss a write that committed after the sync point a client took, whatever
// the caller or the client put in the record; and hooks must run in commit order, so events
// published from them reach subscribers in history order.
#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

RoomRecord insert_channel(Store& store) {
  RoomRecord room = make_room(1, "c", "general");
  EXPECT_EQ(store.insert_room(room, {make_sub(room, 1, "alice"), make_sub(room, 2, "bob")}),
            WriteStatus::kOk);
  return room;
}

TEST_P(StoreConformance, StampsReplaceWhatTheCallerWroteAndGrowWithEveryCommit) {
  at(kT0 + 1000);
  RoomRecord room = insert_channel(store());
  EXPECT_EQ(store().room_by_id(room.id)->updated_at, kT0 + 1000);

  // The clock stands still: each later commit still gets a later stamp.
  MessageRecord first = make_message(message_id(1), room.id, 2, kT0 - 50'000, "from the past");
  first.updated_at = kT0 - 50'000;  // a client's ts must not become a sync point
  AppendResult a = store().append_message(first, {});
  ASSERT_TRUE(a.inserted);
  EXPECT_EQ(a.message.updated_at, kT0 + 1001);
  EXPECT_EQ(a.message.doc.at("_updatedAt"), (json::object{{"$date", kT0 + 1001}}));
  EXPECT_EQ(a.message.ts, kT0 - 50'000) << "without stamp_ts the ts is the caller's";
  EXPECT_EQ(store().message_by_id(first.id)->updated_at, kT0 + 1001);
  EXPECT_EQ(store().room_by_id(room.id)->updated_at, kT0 + 1001);
  EXPECT_EQ(store().subscription(room.id, user_id(1))->updated_at, kT0 + 1001);

  MessageEffects stamped;
  stamped.stamp_ts = true;
  AppendResult b =
      store().append_message(make_message(message_id(2), room.id, 1, kT0, "now"), stamped);
  EXPECT_EQ(b.message.updated_at, kT0 + 1002);
  EXPECT_EQ(b.message.ts, kT0 + 1002);
  EXPECT_EQ(b.message.doc.at("ts"), (json::object{{"$date", kT0 + 1002}}));

  MessageRecord edited;
  ASSERT_EQ(store().modify_message(
                first.id,
                [](MessageRecord& m) {
                  m.doc["msg"] = "edited";
                  m.updated_at = 1;  // overwritten
                  return true;
                },
                &edited),
            WriteStatus::kOk);
  EXPECT_EQ(edited.updated_at, kT0 + 1003);
  EXPECT_EQ(edited.doc.at("_updatedAt"), (json::object{{"$date", kT0 + 1003}}));

  SubscriptionRecord sub;
  ASSERT_EQ(store().modify_subscription(
                room.id, user_id(2),
                [](SubscriptionRecord& s) {
                  s.unread = 0;
                  return true;
                },
                &sub),
            WriteStatus::kOk);
  EXPECT_EQ(sub.updated_at, kT0 + 1004);

  RoomRecord renamed;
  ASSERT_EQ(store().modify_room(
                room.id,
                [](RoomRecord& r) {
                  r.doc["topic"] = "stamped";
                  return true;
                },
                &renamed),
            WriteStatus::kOk);
  EXPECT_EQ(renamed.updated_at, kT0 + 1005);

  ASSERT_EQ(store().delete_message(b.message.id), WriteStatus::kOk);
  auto deleted = store().messages_deleted_since(room.id, kT0 + 1005);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].deleted_at, kT0 + 1006);

  ASSERT_EQ(store().remove_subscription(room.id, user_id(2)), WriteStatus::kOk);
  auto removed = store().subscriptions_removed_since(user_id(2), kT0 + 1006);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].removed_at, kT0 + 1007);

  // The clock moves on: stamps follow it.
  at(kT0 + 9000);
  AppendResult c =
      store().append_message(make_message(message_id(3), room.id, 1, kT0, "later"), stamped);
  EXPECT_EQ(c.message.updated_at, kT0 + 9000);
}

TEST_P(StoreConformance, SinceReadsMissNothingCommittedAfterTheSyncPoint) {
  at(kT0);
  RoomRecord room = insert_channel(store());
  AppendResult seen = store().append_message(make_message(message_id(1), room.id, 1, kT0, "a"), {});
  const int64_t sync_point = seen.message.updated_at;
  // A write the client has not seen, with an older client ts.
  AppendResult missed =
      store().append_message(make_message(message_id(2), room.id, 1, kT0 - 5000, "b"), {});

  EXPECT_EQ(ids_of(store().messages_updated_since(room.id, sync_point)), (Ids{missed.message.id}));
  EXPECT_TRUE(store().messages_updated_since(room.id, missed.message.updated_at).empty());

  auto subs = store().subscriptions_of_user(user_id(2), sync_point);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].room_id, room.id);
}

TEST_P(StoreConformance, WritesSharingACommitStillGetTheirOwnStamps) {
  at(kT0);
  RoomRecord room = insert_channel(store());
  // Many writers at once, so commits hold several messages: each still has its own stamp,
  // so a client that saw only the first of a commit's messages misses none of the others.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        store().append_message(make_message(message_id(t * 100 + i), room.id, 1, kT0, "x"), {});
      }
    });
  }
  for (auto& t : threads) t.join();
  auto all = store().messages_updated_since(room.id, 0);
  ASSERT_EQ(all.size(), 100u);
  std::set<int64_t> stamps;
  for (const auto& m : all) stamps.insert(m.updated_at);
  EXPECT_EQ(stamps.size(), 100u);
}

TEST_P(StoreConformance, AfterCommitHooksRunInCommitOrderOnlyForRealChanges) {
  at(kT0);
  RoomRecord room = insert_channel(store());

  // Several threads append at once, so batches hold several writers' messages. The hooks'
  // order must be the order history reports (ts, then insertion), since every ts is stamped.
  std::mutex mu;
  std::vector<std::string> hooked;
  std::vector<std::thread> threads;
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      MessageEffects effects;
      effects.stamp_ts = true;
      for (int i = 0; i < kEach; ++i) {
        auto m = make_message(message_id(t * 1000 + i), room.id, 1, kT0, "x");
        store().append_message(m, effects, [&](const AppendResult& stored) {
          std::lock_guard lock(mu);
          hooked.push_back(stored.message.id);
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(hooked.size(), static_cast<std::size_t>(kThreads * kEach));

  auto history = store().room_history(HistoryFor(room.id).count(0));
  Ids oldest_first = ids_of(history.messages);
  std::reverse(oldest_first.begin(), oldest_first.end());
  EXPECT_EQ(oldest_first, hooked);

  // No hook for a resend, an unchanged mutation or a missing message.
  bool ran = false;
  auto again = store().append_message(make_message(message_id(0), room.id, 1, kT0, "x"), {},
                                      [&](const AppendResult&) { ran = true; });
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(store().modify_message(
                message_id(0), [](MessageRecord&) { return false; }, nullptr, [&] { ran = true; }),
            WriteStatus::kUnchanged);
  EXPECT_EQ(store().delete_message(message_id(999), [&] { ran = true; }), WriteStatus::kNotFound);
  EXPECT_FALSE(ran);

  // A hook sees the written row already in `out`.
  MessageRecord out;
  std::string seen_in_hook;
  ASSERT_EQ(store().modify_message(
                message_id(0),
                [](MessageRecord& m) {
                  m.doc["msg"] = "changed";
                  return true;
                },
                &out, [&] { seen_in_hook = json::value_to<std::string>(out.doc.at("msg")); }),
            WriteStatus::kOk);
  EXPECT_EQ(seen_in_hook, "changed");

  // A hook that throws loses nothing: the write stands and the caller gets its answer.
  auto survived =
      store().append_message(make_message(message_id(5000), room.id, 1, kT0, "y"), {},
                             [](const AppendResult&) { throw std::runtime_error("publish"); });
  EXPECT_TRUE(survived.inserted);
  EXPECT_TRUE(store().message_by_id(message_id(5000)).has_value());
}

}  // namespace
}  // namespace parley::store::conformance
