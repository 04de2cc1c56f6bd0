// Store conformance, continued: the finders (search_users, search_rooms), the search across a
// member's rooms, and a room's thread lists. Only the Store interface, so every
// implementation runs these unchanged.
#include <string>
#include <vector>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

UserRecord person(int n, const std::string& username, const std::string& name) {
  UserRecord u;
  u.id = user_id(n);
  u.username = username;
  u.name = name;
  u.emails = {{username + "@example.com", false}};
  u.created_at = u.updated_at = kT0 + n;
  return u;
}

Ids usernames(const UserPage& page) {
  Ids out;
  for (const auto& u : page.users) out.push_back(u.username);
  return out;
}

UserSearch users_matching(std::string text) {
  UserSearch s;
  s.text = std::move(text);
  return s;
}

TEST_P(StoreConformance, SearchUsersMatchesActiveUsersByUsernameOrName) {
  ASSERT_EQ(store().insert_user(person(1, "zara", "Zara Quinn")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(person(2, "bob", "Bob Zed")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(person(3, "carol", "Carol")), WriteStatus::kOk);
  UserRecord gone = person(4, "zeno", "Zeno");
  gone.active = false;
  ASSERT_EQ(store().insert_user(gone), WriteStatus::kOk);

  auto page = store().search_users(users_matching("Z"));
  EXPECT_EQ(usernames(page), (Ids{"bob", "zara"})) << "case-insensitive, inactive left out";
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.users[1].emails.size(), 1u) << "emails come with the rows";

  UserSearch except = users_matching("z");
  except.exclude_usernames = {"ZARA"};
  EXPECT_EQ(usernames(store().search_users(except)), (Ids{"bob"}));

  UserSearch among = users_matching("");
  among.among_ids = std::vector<std::string>{user_id(1), user_id(3)};
  EXPECT_EQ(usernames(store().search_users(among)), (Ids{"carol", "zara"}));
  among.among_ids = std::vector<std::string>{};
  EXPECT_EQ(store().search_users(among).total, 0) << "an empty id list matches nobody";

  UserSearch by_name = users_matching("");
  by_name.sort = UserSearch::Sort::kName;
  by_name.descending = true;
  by_name.offset = 1;
  by_name.count = 1;
  page = store().search_users(by_name);
  EXPECT_EQ(usernames(page), (Ids{"carol"}));
  EXPECT_EQ(page.total, 3);

  UserSearch by_email = users_matching("carol@example");
  EXPECT_EQ(store().search_users(by_email).total, 0) << "emails only when asked";
  by_email.match_email = true;
  EXPECT_EQ(usernames(store().search_users(by_email)), (Ids{"carol"}));
}

TEST_P(StoreConformance, SearchRoomsByTypeMembershipAndName) {
  RoomRecord general = make_room(1, "c", "general");
  RoomRecord random = make_room(2, "c", "random-talk");
  RoomRecord secret = make_room(3, "p", "secret-talk");
  RoomRecord other = make_room(4, "p", "other-talk");
  RoomRecord dm = make_room(5, "d", "");
  random.users_count = 0;
  ASSERT_EQ(store().insert_room(general, {make_sub(general, 1, "alice")}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(random, {}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(secret, {make_sub(secret, 1, "alice")}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(other, {make_sub(other, 2, "bob")}), WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(dm, {make_sub(dm, 1, "alice")}), WriteStatus::kOk);

  RoomSearch s;
  s.types = {"c"};
  s.member_id = user_id(1);
  s.member_types = {"p"};
  auto page = store().search_rooms(s);
  EXPECT_EQ(room_names(page), (Ids{"general", "random-talk", "secret-talk"}));
  EXPECT_EQ(page.total, 3);

  s.text = "TALK";
  EXPECT_EQ(room_names(store().search_rooms(s)), (Ids{"random-talk", "secret-talk"}));

  RoomSearch spotlight;
  spotlight.types = {"c"};
  spotlight.not_member_id = user_id(1);
  EXPECT_EQ(room_names(store().search_rooms(spotlight)), (Ids{"random-talk"}));

  RoomSearch by_users;
  by_users.types = {"c", "p"};
  by_users.sort = RoomSearch::Sort::kUsersCount;
  by_users.descending = true;
  by_users.count = 2;
  page = store().search_rooms(by_users);
  EXPECT_EQ(page.rooms.size(), 2u);
  EXPECT_EQ(page.total, 4);
  EXPECT_EQ(page.rooms[0].users_count, 1);
  EXPECT_EQ(page.rooms.back().users_count, 1);

  // fname is searched too.
  RoomRecord renamed = make_room(6, "c", "ops");
  renamed.doc["fname"] = "Operations Room";
  ASSERT_EQ(store().insert_room(renamed, {}), WriteStatus::kOk);
  RoomSearch fname;
  fname.types = {"c"};
  fname.text = "operations";
  EXPECT_EQ(room_names(store().search_rooms(fname)), (Ids{"ops"}));
}

// A channel alice (1) and bob (2) are in, and a group only carol (3) is in.
struct Rooms2 {
  RoomRecord channel = make_room(1, "c", "general");
  RoomRecord group = make_room(2, "p", "carols");
};

AppendResult send_at(Store& store, util::FakeClock& clock, const MessageRecord& m) {
  clock.set_ms(m.ts);
  return store.append_message(m, {});
}

TEST_P(StoreConformance, SearchMessagesOfMemberCoversOnlyTheirRooms) {
  Rooms2 r;
  ASSERT_EQ(store().insert_room(r.channel,
                                {make_sub(r.channel, 1, "alice"), make_sub(r.channel, 2, "bob")}),
            WriteStatus::kOk);
  ASSERT_EQ(store().insert_room(r.group, {make_sub(r.group, 3, "carol")}), WriteStatus::kOk);
  send_at(store(), clock_, make_message(message_id(1), r.channel.id, 1, kT0 + 10, "kangaroo one"));
  send_at(store(), clock_, make_message(message_id(2), r.group.id, 3, kT0 + 20, "kangaroo two"));
  send_at(store(), clock_,
          make_message(message_id(3), r.channel.id, 2, kT0 + 30, "kangaroo three"));
  send_at(store(), clock_, make_message(message_id(4), r.channel.id, 2, kT0 + 40, "wombat"));

  auto page = store().search_messages_of_member(user_id(1), "kangaroo", 0, 0);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(3), message_id(1)})) << "newest first";
  EXPECT_EQ(page.total, 2);
  page = store().search_messages_of_member(user_id(1), "kangaroo", 1, 1);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(1)}));
  EXPECT_EQ(ids_of(store().search_messages_of_member(user_id(3), "kangaroo", 0, 0).messages),
            (Ids{message_id(2)}));
  EXPECT_EQ(store().search_messages_of_member(user_id(9), "kangaroo", 0, 0).total, 0);
  EXPECT_EQ(store().search_messages_of_member(user_id(1), "  ", 0, 0).total, 0);

  ASSERT_EQ(store().delete_message(message_id(3)), WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().search_messages_of_member(user_id(1), "kangaroo", 0, 0).messages),
            (Ids{message_id(1)}))
      << "a deleted message is not found";
}

TEST_P(StoreConformance, ThreadParentsNewestReplyFirstWithFilters) {
  Rooms2 r;
  ASSERT_EQ(store().insert_room(r.channel,
                                {make_sub(r.channel, 1, "alice"), make_sub(r.channel, 2, "bob")}),
            WriteStatus::kOk);
  auto reply = [&](int n, const std::string& parent, int user, int64_t ts) {
    MessageRecord m = make_message(message_id(n), r.channel.id, user, ts, "re");
    m.thread_id = parent;
    m.doc["tmid"] = parent;
    ASSERT_TRUE(send_at(store(), clock_, m).inserted);
  };
  send_at(store(), clock_, make_message(message_id(1), r.channel.id, 1, kT0 + 10, "Deploy plan"));
  send_at(store(), clock_, make_message(message_id(2), r.channel.id, 1, kT0 + 20, "Lunch"));
  send_at(store(), clock_, make_message(message_id(3), r.channel.id, 1, kT0 + 30, "no replies"));
  reply(4, message_id(1), 2, kT0 + 40);
  reply(5, message_id(2), 1, kT0 + 50);
  reply(6, message_id(1), 1, kT0 + 60);

  ThreadQuery q;
  q.room_id = r.channel.id;
  auto page = store().thread_parents(q);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(1), message_id(2)}));
  EXPECT_EQ(page.total, 2);

  ThreadQuery following = q;
  following.follower_id = user_id(2);
  EXPECT_EQ(ids_of(store().thread_parents(following).messages), (Ids{message_id(1)}));

  ThreadQuery text = q;
  text.text = "lunch";
  EXPECT_EQ(ids_of(store().thread_parents(text).messages), (Ids{message_id(2)}));

  ThreadQuery none = q;
  none.only_ids = std::vector<std::string>{};
  EXPECT_EQ(store().thread_parents(none).total, 0);

  ThreadQuery paged = q;
  paged.offset = 1;
  paged.count = 1;
  page = store().thread_parents(paged);
  EXPECT_EQ(ids_of(page.messages), (Ids{message_id(2)}));
  EXPECT_EQ(page.total, 2);

  ThreadQuery since = q;
  since.updated_since = kT0 + 55;
  EXPECT_EQ(ids_of(store().thread_parents(since).messages), (Ids{message_id(1)}));

  clock_.set_ms(kT0 + 100);
  ASSERT_EQ(store().delete_message(message_id(2)), WriteStatus::kOk);
  ASSERT_EQ(store().delete_message(message_id(3)), WriteStatus::kOk);
  EXPECT_EQ(ids_of(store().thread_parents(q).messages), (Ids{message_id(1)}));
  auto gone = store().thread_parents_deleted_since(r.channel.id, kT0 + 90);
  EXPECT_EQ(ids_of(gone), (Ids{message_id(2)})) << "only deleted messages that had replies";
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_TRUE(gone[0].deleted_at.has_value());
  EXPECT_TRUE(store().thread_parents_deleted_since(r.channel.id, kT0 + 500).empty());
}

}  // namespace
}  // namespace parley::store::conformance
