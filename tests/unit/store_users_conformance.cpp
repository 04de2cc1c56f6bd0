// Conformance: the user-administration and token-revocation writes (issue 9, defects 6 and 7):
// modify_user, delete_user, count_users_in_role, remove_user_tokens. Interface only.
#include <algorithm>

#include "unit/store_conformance.hpp"
#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using rooms::make_room;
using rooms::make_sub;
using rooms::user_id;

UserRecord user(int n, const std::string& username, std::vector<std::string> roles = {"user"}) {
  UserRecord u;
  u.id = user_id(n);
  u.username = username;
  u.name = "Name " + username;
  u.emails = {{username + "@example.com", false}};
  u.roles = std::move(roles);
  u.created_at = rooms::kT0 + n;
  u.updated_at = u.created_at;
  return u;
}

LoginTokenRecord token(int n, const std::string& hash) {
  return LoginTokenRecord{hash, user_id(n), 0, 1'000'000};
}

TEST_P(StoreConformance, ModifyUserRewritesTheRowAndItsEmails) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  UserRecord written;
  auto status = store().modify_user(
      user_id(1),
      [](UserRecord& u) {
        u.username = "anna";
        u.name = "Anna";
        u.active = false;
        u.roles = {"user", "bot"};
        u.type = "bot";
        u.password_hash = "hash";
        u.require_password_change = true;
        u.emails = {{"Anna@Example.com", true}};
        u.updated_at = rooms::kT0 + 100;
        return true;
      },
      &written);
  ASSERT_EQ(status, WriteStatus::kOk);
  EXPECT_EQ(written.username, "anna");
  auto read = store().user_by_id(user_id(1));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->username, "anna");
  EXPECT_EQ(read->name, "Anna");
  EXPECT_FALSE(read->active);
  EXPECT_EQ(read->roles, (std::vector<std::string>{"user", "bot"}));
  EXPECT_EQ(read->type, "bot");
  EXPECT_EQ(read->password_hash, "hash");
  EXPECT_TRUE(read->require_password_change);
  EXPECT_EQ(read->updated_at, rooms::kT0 + 100);
  ASSERT_EQ(read->emails.size(), 1u);
  EXPECT_EQ(read->emails[0].address, "anna@example.com");
  EXPECT_TRUE(read->emails[0].verified);
  EXPECT_FALSE(store().user_by_username("ann"));
  EXPECT_FALSE(store().user_by_email("ann@example.com"));
  EXPECT_EQ(store().user_by_email("ANNA@example.com")->id, user_id(1));
}

TEST_P(StoreConformance, ModifyUserRefusesClashesAndWritesNothing) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "bob")), WriteStatus::kOk);
  EXPECT_EQ(store().modify_user(user_id(1),
                                [](UserRecord& u) {
                                  u.username = "BOB";
                                  u.name = "changed";
                                  return true;
                                }),
            WriteStatus::kDuplicateUsername);
  EXPECT_EQ(store().modify_user(user_id(1),
                                [](UserRecord& u) {
                                  u.name = "changed";
                                  u.emails = {{"bob@example.com", false}};
                                  return true;
                                }),
            WriteStatus::kDuplicateEmail);
  EXPECT_EQ(store().user_by_id(user_id(1))->name, "Name ann") << "a refused change writes nothing";
  EXPECT_EQ(store().modify_user(user_id(1), [](UserRecord&) { return false; }),
            WriteStatus::kUnchanged);
  EXPECT_EQ(store().modify_user(user_id(9), [](UserRecord&) { return true; }),
            WriteStatus::kNotFound);
}

TEST_P(StoreConformance, CountersFollowActiveAndDeletedUsers) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "bob")), WriteStatus::kOk);
  auto before = store().counters();
  ASSERT_EQ(store().modify_user(user_id(1),
                                [](UserRecord& u) {
                                  u.active = false;
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(store().counters()["users_active"], before["users_active"] - 1);
  EXPECT_EQ(store().counters()["users"], before["users"]);
  ASSERT_EQ(store().delete_user(user_id(2)), WriteStatus::kOk);
  auto after = store().counters();
  EXPECT_EQ(after["users"], before["users"] - 1);
  EXPECT_EQ(after["users_active"], before["users_active"] - 2);
  EXPECT_EQ(after["users_type_user"], before["users_type_user"] - 1);
}

TEST_P(StoreConformance, DeleteUserTakesTokensEmailsAndSubscriptions) {
  ASSERT_EQ(store().insert_user(user(1, "alice")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "bob")), WriteStatus::kOk);
  RoomRecord room = make_room(1, "c", "lobby");
  ASSERT_EQ(store().insert_room(room, {make_sub(room, 1, "alice"), make_sub(room, 2, "bob")}),
            WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token(2, "bob-token")), WriteStatus::kOk);

  ASSERT_EQ(store().delete_user(user_id(2)), WriteStatus::kOk);
  EXPECT_FALSE(store().user_by_id(user_id(2)));
  EXPECT_FALSE(store().user_by_email("bob@example.com"));
  EXPECT_FALSE(store().user_by_token("bob-token", 0));
  EXPECT_FALSE(store().login_token("bob-token"));
  EXPECT_FALSE(store().subscription(room.id, user_id(2)));
  EXPECT_EQ(store().room_by_id(room.id)->users_count, 1);
  EXPECT_EQ(store().room_member_ids(room.id), std::vector<std::string>{user_id(1)});
  auto removed = store().subscriptions_removed_since(user_id(2), 0);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].room_id, room.id);
  // The name and the address are free again.
  EXPECT_EQ(store().insert_user(user(3, "bob")), WriteStatus::kOk);
  EXPECT_EQ(store().delete_user(user_id(2)), WriteStatus::kNotFound);
}

TEST_P(StoreConformance, RemoveUserTokensKeepsTheExceptionAndOtherUsers) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "bob")), WriteStatus::kOk);
  for (const char* h : {"a1", "a2", "a3"}) {
    ASSERT_EQ(store().add_login_token(token(1, h)), WriteStatus::kOk);
  }
  ASSERT_EQ(store().add_login_token(token(2, "b1")), WriteStatus::kOk);
  EXPECT_EQ(store().remove_user_tokens(user_id(1), "a2"), 2);
  EXPECT_FALSE(store().login_token("a1"));
  EXPECT_TRUE(store().login_token("a2"));
  EXPECT_TRUE(store().login_token("b1"));
  EXPECT_EQ(store().remove_user_tokens(user_id(1)), 1) << "no exception: every token";
  EXPECT_FALSE(store().login_token("a2"));
  EXPECT_TRUE(store().login_token("b1"));
  EXPECT_EQ(store().remove_user_tokens(user_id(9)), 0);
}

TEST_P(StoreConformance, CountsUsersInARole) {
  ASSERT_EQ(store().insert_user(user(1, "root", {"admin", "user"})), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "boss", {"user", "admin"})), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(3, "ann", {"user", "livechat-admin"})), WriteStatus::kOk);
  EXPECT_EQ(store().count_users_in_role("admin", false), 2);
  ASSERT_EQ(store().modify_user(rooms::user_id(2),
                                [](UserRecord& u) {
                                  u.active = false;
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(store().count_users_in_role("admin", true), 1);
  EXPECT_EQ(store().count_users_in_role("admin", false), 2);
  EXPECT_EQ(store().count_users_in_role("bot", false), 0);
}

}  // namespace
}  // namespace parley::store::conformance
