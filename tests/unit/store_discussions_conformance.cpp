// Store conformance, continued: discussions (migration 0009): a room's discussions, the
// messages that link to them, and the subscription fields prid and ignored. Only the Store
// interface, so every implementation runs these unchanged.
#include <string>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

RoomRecord discussion(int n, const std::string& parent, const std::string& fname) {
  RoomRecord r = make_room(n, "c", "d" + std::to_string(n));
  r.doc["fname"] = fname;
  r.doc["prid"] = parent;
  return r;
}

Ids fnames(const RoomPage& page) {
  Ids out;
  for (const auto& r : page.rooms) out.push_back(std::string(r.doc.at("fname").as_string()));
  return out;
}

DiscussionQuery of_room(const std::string& room) {
  DiscussionQuery q;
  q.room_id = room;
  return q;
}

MessageRecord link(int n, const std::string& room, int64_t ts, const std::string& drid,
                   const std::string& text) {
  MessageRecord m = make_message(message_id(n), room, 1, ts, text);
  m.doc["t"] = "discussion-created";
  m.doc["drid"] = drid;
  return m;
}

void append(Store& store, const MessageRecord& m) {
  ASSERT_TRUE(store.append_message(m, MessageEffects{}).inserted);
}

TEST_P(StoreConformance, DiscussionsOfARoomByFnameWithTextAndPaging) {
  RoomRecord parent = make_room(1, "c", "parent");
  RoomRecord other = make_room(2, "c", "other");
  ASSERT_EQ(store().insert_room(parent, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(other, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(discussion(3, parent.id, "Zeta plan"), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(discussion(4, parent.id, "alpha notes"), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(discussion(5, parent.id, "Beta Plan"), {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(discussion(6, other.id, "Plan elsewhere"), {}), WriteStatus::kOk);

  auto page = store().discussions(of_room(parent.id));
  // Rocket.Chat's {fname: 1}: byte order, capitals first.
  EXPECT_EQ(fnames(page), (Ids{"Beta Plan", "Zeta plan", "alpha notes"}));
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.rooms[0].doc.at("prid"), json::value(parent.id)) << "whole rows come back";

  DiscussionQuery text = of_room(parent.id);
  text.text = "PLAN";
  page = store().discussions(text);
  EXPECT_EQ(fnames(page), (Ids{"Beta Plan", "Zeta plan"})) << "case-insensitive substring";
  EXPECT_EQ(page.total, 2);

  DiscussionQuery paged = of_room(parent.id);
  paged.offset = 1;
  paged.count = 1;
  page = store().discussions(paged);
  EXPECT_EQ(fnames(page), (Ids{"Zeta plan"}));
  EXPECT_EQ(page.total, 3) << "total counts every match, not the page";

  EXPECT_EQ(store().discussions(of_room(room_id(3))).total, 0) << "a discussion has none";
  EXPECT_EQ(store().discussions(of_room("nope")).total, 0);
}

TEST_P(StoreConformance, DiscussionMessagesAreTheLinksNewestFirst) {
  RoomRecord parent = make_room(1, "c", "parent");
  RoomRecord other = make_room(2, "c", "other");
  ASSERT_EQ(store().insert_room(parent, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(other, {}), WriteStatus::kOk);
  append(store(), make_message(message_id(1), parent.id, 1, kT0 + 1, "plain talk"));
  append(store(), link(2, parent.id, kT0 + 2, room_id(10), "Budget review"));
  append(store(), link(3, parent.id, kT0 + 3, room_id(11), "Launch party"));
  append(store(), link(4, parent.id, kT0 + 4, room_id(12), "budget cuts"));
  append(store(), link(5, other.id, kT0 + 5, room_id(13), "Budget elsewhere"));
  ASSERT_EQ(store().delete_message(message_id(4)), WriteStatus::kOk);

  auto page = store().discussion_messages(of_room(parent.id));
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(3), message_id(2)}))
      << "only messages with a drid, not deleted, newest first";
  EXPECT_EQ(page.total, 2);

  DiscussionQuery text = of_room(parent.id);
  text.text = "BUDGET";
  EXPECT_EQ(ids_of(store().discussion_messages(text).messages), (Ids{message_id(2)}));

  DiscussionQuery one = of_room(parent.id);
  one.discussion_id = room_id(11);
  page = store().discussion_messages(one);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(3)})) << "the links to one discussion";
  EXPECT_EQ(page.total, 1);

  DiscussionQuery paged = of_room(parent.id);
  paged.offset = 1;
  paged.count = 5;
  page = store().discussion_messages(paged);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(2)}));
  EXPECT_EQ(page.total, 2);

  // A link that loses its drid (its discussion was deleted) leaves the list.
  ASSERT_EQ(store().modify_message(message_id(3),
                                   [](MessageRecord& m) { return m.doc.erase("drid") > 0; }),
            WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().discussion_messages(of_room(parent.id)).messages), (Ids{message_id(2)}));
}

TEST_P(StoreConformance, SubscriptionKeepsPridAndIgnoredUsers) {
  RoomRecord room = discussion(1, room_id(9), "talk");
  SubscriptionRecord mine = make_sub(room, 1, "alice");
  mine.prid = room_id(9);
  mine.ignored = {user_id(2), user_id(3)};
  SubscriptionRecord plain = make_sub(room, 2, "bob");
  at(room.updated_at);
  mine.updated_at = plain.updated_at = room.updated_at;
  ASSERT_EQ(store().insert_room(room, {mine, plain}), WriteStatus::kOk);

  auto got = store().subscription(room.id, mine.user_id);
  ASSERT_TRUE(got.has_value());
  expect_same_subscription(*got, mine);
  auto got_plain = store().subscription(room.id, plain.user_id);
  ASSERT_TRUE(got_plain.has_value());
  EXPECT_EQ(got_plain->prid, "");
  EXPECT_TRUE(got_plain->ignored.empty());

  SubscriptionRecord written;
  ASSERT_EQ(store().modify_subscription(
                room.id, mine.user_id,
                [](SubscriptionRecord& s) {
                  s.ignored = {s.ignored.back()};
                  return true;
                },
                &written),
            WriteStatus::kOk);
  EXPECT_EQ(written.ignored, (Ids{user_id(3)}));
  EXPECT_EQ(written.prid, room_id(9)) << "untouched fields stay";
  auto listed = store().subscriptions_of_user(mine.user_id, std::nullopt);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].ignored, (Ids{user_id(3)}));
  EXPECT_EQ(listed[0].prid, room_id(9));

  SubscriptionRecord joined = make_sub(room, 3, "carol");
  joined.prid = room_id(9);
  ASSERT_EQ(store().insert_subscription(joined), WriteStatus::kOk);
  EXPECT_EQ(store().subscription(room.id, joined.user_id)->prid, room_id(9));
}

}  // namespace
}  // namespace parley::store::conformance
