// The Store conformance tests; see store_conformance.hpp. Only the Store interface and the
// metrics registry may be used here, so the same tests hold any implementation to account.
#include "unit/store_conformance.hpp"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

using Names = std::vector<std::string>;

// 17 characters like a Meteor id, readable in failures: "u" + 16 digits.
std::string id_for(int n) {
  std::string digits = std::to_string(n);
  return "u" + std::string(16 - digits.size(), '0') + digits;
}

UserRecord make_user(int n, const std::string& username) {
  UserRecord u;
  u.id = id_for(n);
  u.username = username;
  u.name = "Name " + username;
  u.emails = {{username + "@example.com", false}};
  u.roles = {"user"};
  u.created_at = 1'700'000'000'000 + n;
  u.updated_at = u.created_at;
  return u;
}

std::vector<std::string> usernames(const UserPage& page) {
  std::vector<std::string> out;
  for (const auto& u : page.users) out.push_back(u.username);
  return out;
}

uint64_t counter_value(metrics::Registry& registry, const std::string& name) {
  // Registry::counter returns the existing metric when the name is already registered.
  return registry.counter(name, "").value();
}

void expect_same_user(const UserRecord& got, const UserRecord& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.username, want.username);
  EXPECT_EQ(got.name, want.name);
  ASSERT_EQ(got.emails.size(), want.emails.size());
  for (std::size_t i = 0; i < want.emails.size(); ++i) {
    EXPECT_EQ(got.emails[i].address, want.emails[i].address) << "email " << i;
    EXPECT_EQ(got.emails[i].verified, want.emails[i].verified) << "email " << i;
  }
  EXPECT_EQ(got.roles, want.roles);
  EXPECT_EQ(got.type, want.type);
  EXPECT_EQ(got.active, want.active);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.status_text, want.status_text);
  EXPECT_EQ(got.status_default, want.status_default);
  EXPECT_EQ(got.password_hash, want.password_hash);
  EXPECT_EQ(got.require_password_change, want.require_password_change);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.last_login, want.last_login);
  EXPECT_DOUBLE_EQ(got.utc_offset, want.utc_offset);
}

// --- users: insert and find ------------------------------------------------------------------

TEST_P(StoreConformance, EveryUserFieldRoundTrips) {
  UserRecord u;
  u.id = "AbCdEfGhJkLmNpQrS";
  u.username = "Grace.Hopper";
  u.name = "Grace Brewster Hopper ✓";
  u.emails = {{"grace@navy.mil", true}, {"ghopper@example.org", false}, {"a@b.co", true}};
  u.roles = {"user", "admin", "bot"};
  u.type = "bot";
  u.active = false;
  u.status = "busy";
  u.status_text = "compiling \"COBOL\"; don't disturb";
  u.status_default = "away";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  u.require_password_change = true;
  u.created_at = 1'600'000'000'123;
  u.updated_at = 1'700'000'000'456;
  u.last_login = 1'700'000'000'789;
  u.utc_offset = -3.5;
  ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);

  auto got = store().user_by_id(u.id);
  ASSERT_TRUE(got.has_value());
  expect_same_user(*got, u);
}

TEST_P(StoreConformance, DefaultUserRoundTrips) {
  UserRecord u;
  u.id = id_for(1);
  u.username = "plain";
  ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);

  auto got = store().user_by_id(u.id);
  ASSERT_TRUE(got.has_value());
  expect_same_user(*got, u);
  EXPECT_FALSE(got->last_login.has_value());
  EXPECT_TRUE(got->emails.empty());
  EXPECT_TRUE(got->roles.empty());
}

TEST_P(StoreConformance, FindsByUsernameInAnyCase) {
  ASSERT_EQ(store().insert_user(make_user(1, "Alice")), WriteStatus::kOk);

  for (const char* name : {"Alice", "alice", "ALICE", "aLiCe"}) {
    auto got = store().user_by_username(name);
    ASSERT_TRUE(got.has_value()) << name;
    EXPECT_EQ(got->id, id_for(1));
    EXPECT_EQ(got->username, "Alice") << "the stored spelling is kept";
  }
  EXPECT_FALSE(store().user_by_username("alic").has_value());
}

TEST_P(StoreConformance, FindsByAnyEmailInAnyCase) {
  UserRecord u = make_user(1, "bob");
  u.emails = {{"Bob@Example.COM", true}, {"bob.second@example.org", false}};
  ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);

  for (const char* email : {"bob@example.com", "BOB@EXAMPLE.COM", "Bob.Second@Example.org"}) {
    auto got = store().user_by_email(email);
    ASSERT_TRUE(got.has_value()) << email;
    EXPECT_EQ(got->id, u.id);
  }
  auto got = store().user_by_id(u.id);
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->emails.size(), 2u);
  EXPECT_EQ(got->emails[0].address, "bob@example.com") << "addresses are stored lowercase";
  EXPECT_TRUE(got->emails[0].verified);
  EXPECT_EQ(got->emails[1].address, "bob.second@example.org");
  EXPECT_FALSE(store().user_by_email("nobody@example.com").has_value());
}

TEST_P(StoreConformance, MissingUsersAreNotFound) {
  EXPECT_FALSE(store().user_by_id(id_for(404)).has_value());
  EXPECT_FALSE(store().user_by_username("ghost").has_value());
  EXPECT_FALSE(store().user_by_email("ghost@example.com").has_value());
  EXPECT_FALSE(store().user_by_id("").has_value());
}

// --- users: uniqueness -----------------------------------------------------------------------

TEST_P(StoreConformance, DuplicateUsernameInAnyCaseIsRejected) {
  ASSERT_EQ(store().insert_user(make_user(1, "carol")), WriteStatus::kOk);
  UserRecord again = make_user(2, "CAROL");
  again.emails = {{"other@example.com", false}};
  EXPECT_EQ(store().insert_user(again), WriteStatus::kDuplicateUsername);

  // Nothing of the rejected user was kept.
  EXPECT_FALSE(store().user_by_id(id_for(2)).has_value());
  EXPECT_FALSE(store().user_by_email("other@example.com").has_value());
  EXPECT_EQ(store().list_users(0, 0).total, 1);
}

TEST_P(StoreConformance, DuplicateEmailIsRejected) {
  ASSERT_EQ(store().insert_user(make_user(1, "dave")), WriteStatus::kOk);
  UserRecord other = make_user(2, "erin");
  other.emails = {{"erin@example.com", false}, {"DAVE@example.com", false}};
  EXPECT_EQ(store().insert_user(other), WriteStatus::kDuplicateEmail);

  // The user row and its first, unique address were rolled back with it.
  EXPECT_FALSE(store().user_by_id(id_for(2)).has_value());
  EXPECT_FALSE(store().user_by_username("erin").has_value());
  EXPECT_FALSE(store().user_by_email("erin@example.com").has_value());
  auto dave = store().user_by_email("dave@example.com");
  ASSERT_TRUE(dave.has_value());
  EXPECT_EQ(dave->id, id_for(1));
}

TEST_P(StoreConformance, SameEmailTwiceInOneUserIsRejected) {
  UserRecord u = make_user(1, "frank");
  u.emails = {{"frank@example.com", false}, {"FRANK@example.com", true}};
  EXPECT_EQ(store().insert_user(u), WriteStatus::kDuplicateEmail);
  EXPECT_FALSE(store().user_by_id(id_for(1)).has_value());
}

TEST_P(StoreConformance, DuplicateIdIsRejected) {
  ASSERT_EQ(store().insert_user(make_user(1, "gina")), WriteStatus::kOk);
  EXPECT_EQ(store().insert_user(make_user(1, "hank")), WriteStatus::kDuplicateId);
  EXPECT_FALSE(store().user_by_username("hank").has_value());
  EXPECT_EQ(store().user_by_id(id_for(1))->username, "gina");
}

TEST_P(StoreConformance, ConcurrentInsertsOfOneUsernameLetExactlyOneWin) {
  constexpr int kThreads = 8;
  std::atomic<int> ok{0};
  std::atomic<int> duplicate{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      UserRecord u = make_user(100 + t, t % 2 == 0 ? "race" : "RACE");
      u.emails = {{"race" + std::to_string(t) + "@example.com", false}};
      auto status = store().insert_user(u);
      if (status == WriteStatus::kOk) ++ok;
      if (status == WriteStatus::kDuplicateUsername) ++duplicate;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(duplicate.load(), kThreads - 1);
  EXPECT_EQ(store().list_users(0, 0).total, 1);
}

// --- users: listing --------------------------------------------------------------------------

TEST_P(StoreConformance, ListsUsersByUsernameWithPagingAndTotal) {
  // Inserted out of order and in mixed case: the order is by username, case-insensitively.
  int n = 0;
  for (const char* name : {"delta", "Bravo", "echo", "alpha", "Charlie"}) {
    ASSERT_EQ(store().insert_user(make_user(++n, name)), WriteStatus::kOk);
  }

  UserPage all = store().list_users(0, 0);
  EXPECT_EQ(all.total, 5);
  EXPECT_EQ(usernames(all), (Names{"alpha", "Bravo", "Charlie", "delta", "echo"}));
  ASSERT_EQ(all.users.size(), 5u);
  ASSERT_EQ(all.users[0].emails.size(), 1u) << "listed users carry their emails";
  EXPECT_EQ(all.users[0].emails[0].address, "alpha@example.com");

  UserPage middle = store().list_users(1, 2);
  EXPECT_EQ(middle.total, 5);
  EXPECT_EQ(usernames(middle), (Names{"Bravo", "Charlie"}));

  UserPage tail = store().list_users(3, 10);
  EXPECT_EQ(tail.total, 5);
  EXPECT_EQ(usernames(tail), (Names{"delta", "echo"}));

  UserPage past_end = store().list_users(10, 5);
  EXPECT_EQ(past_end.total, 5);
  EXPECT_TRUE(past_end.users.empty());

  UserPage from_offset_unbounded = store().list_users(4, 0);
  EXPECT_EQ(usernames(from_offset_unbounded), (Names{"echo"}));
}

TEST_P(StoreConformance, ListOfEmptyStoreIsEmpty) {
  UserPage page = store().list_users(0, 0);
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.users.empty());
}

TEST_P(StoreConformance, AnyAdminSeesOnlyTheAdminRole) {
  EXPECT_FALSE(store().any_admin());

  UserRecord plain = make_user(1, "ivan");
  plain.roles = {"user", "administrator", "bot"};  // a role that merely contains "admin"
  ASSERT_EQ(store().insert_user(plain), WriteStatus::kOk);
  EXPECT_FALSE(store().any_admin());

  UserRecord admin = make_user(2, "judy");
  admin.roles = {"user", "admin"};
  ASSERT_EQ(store().insert_user(admin), WriteStatus::kOk);
  EXPECT_TRUE(store().any_admin());
}

TEST_P(StoreConformance, SetLastLogin) {
  ASSERT_EQ(store().insert_user(make_user(1, "kate")), WriteStatus::kOk);
  EXPECT_EQ(store().set_last_login(id_for(1), 1'750'000'000'000), WriteStatus::kOk);
  EXPECT_EQ(store().user_by_id(id_for(1))->last_login, 1'750'000'000'000);
  EXPECT_EQ(store().set_last_login(id_for(1), 1'750'000'000'001), WriteStatus::kOk);
  EXPECT_EQ(store().user_by_id(id_for(1))->last_login, 1'750'000'000'001);

  EXPECT_EQ(store().set_last_login(id_for(2), 1), WriteStatus::kNotFound);
}

TEST_P(StoreConformance, UserAvatarIsSetReplacedAndCleared) {
  ASSERT_EQ(store().insert_user(make_user(1, "ava")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(make_user(2, "other")), WriteStatus::kOk);
  EXPECT_FALSE(store().user_by_id(id_for(1))->avatar);  // a new user has none
  const int64_t updated_at = store().user_by_id(id_for(1))->updated_at;

  ASSERT_EQ(store().set_user_avatar(id_for(1), AvatarRecord{"etag1", "image/png", "rest", 1000}),
            WriteStatus::kOk);
  auto avatar = store().user_by_username("ava")->avatar;
  ASSERT_TRUE(avatar);
  EXPECT_EQ(avatar->etag, "etag1");
  EXPECT_EQ(avatar->content_type, "image/png");
  EXPECT_EQ(avatar->origin, "rest");
  EXPECT_EQ(avatar->uploaded_at, 1000);
  // Presence's "changed since" is not moved by an avatar.
  EXPECT_EQ(store().user_by_id(id_for(1))->updated_at, updated_at);

  ASSERT_EQ(store().set_user_avatar(id_for(1), AvatarRecord{"etag2", "image/jpeg", "rest", 2000}),
            WriteStatus::kOk);
  EXPECT_EQ(store().user_by_id(id_for(1))->avatar->etag, "etag2");
  EXPECT_EQ(store().user_by_id(id_for(1))->avatar->content_type, "image/jpeg");
  EXPECT_FALSE(store().user_by_id(id_for(2))->avatar);  // only that user

  ASSERT_EQ(store().set_user_avatar(id_for(1), std::nullopt), WriteStatus::kOk);
  EXPECT_FALSE(store().user_by_id(id_for(1))->avatar);
  EXPECT_EQ(store().set_user_avatar(id_for(9), std::nullopt), WriteStatus::kNotFound);
}

// --- login tokens ----------------------------------------------------------------------------

LoginTokenRecord token_for(const std::string& user_id, const std::string& hash, int64_t expires) {
  return LoginTokenRecord{hash, user_id, expires - 1000, expires};
}

TEST_P(StoreConformance, TokenFindsItsUserUntilItExpires) {
  UserRecord u = make_user(1, "leo");
  u.roles = {"user", "admin"};
  ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token_for(u.id, "hash-1", 5000)), WriteStatus::kOk);

  auto got = store().user_by_token("hash-1", 4999);
  ASSERT_TRUE(got.has_value());
  expect_same_user(*got, u);

  EXPECT_FALSE(store().user_by_token("hash-1", 5000).has_value()) << "expires_at is exclusive";
  EXPECT_FALSE(store().user_by_token("hash-1", 6000).has_value());
  EXPECT_FALSE(store().user_by_token("hash-2", 0).has_value());
}

TEST_P(StoreConformance, LoginTokenRecordIsReadBackExpiredOrNot) {
  ASSERT_EQ(store().insert_user(make_user(1, "lou")), WriteStatus::kOk);
  const LoginTokenRecord token{"hash-lou", id_for(1), 1'700'000'000'000, 1'700'000'900'000};
  ASSERT_EQ(store().add_login_token(token), WriteStatus::kOk);

  auto got = store().login_token("hash-lou");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->hashed_token, token.hashed_token);
  EXPECT_EQ(got->user_id, token.user_id);
  EXPECT_EQ(got->created_at, token.created_at);
  EXPECT_EQ(got->expires_at, token.expires_at);
  // login_token ignores expiry (the caller inspects expires_at itself).
  EXPECT_FALSE(store().user_by_token("hash-lou", token.expires_at + 1).has_value());
  EXPECT_TRUE(store().login_token("hash-lou").has_value());

  EXPECT_FALSE(store().login_token("no-such-hash").has_value());
  ASSERT_EQ(store().remove_login_token("hash-lou"), WriteStatus::kOk);
  EXPECT_FALSE(store().login_token("hash-lou").has_value());
}

TEST_P(StoreConformance, UserMayHoldManyTokens) {
  ASSERT_EQ(store().insert_user(make_user(1, "mia")), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token_for(id_for(1), "a", 5000)), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token_for(id_for(1), "b", 9000)), WriteStatus::kOk);
  EXPECT_EQ(store().user_by_token("a", 0)->id, id_for(1));
  EXPECT_EQ(store().user_by_token("b", 0)->id, id_for(1));
}

TEST_P(StoreConformance, TokenForUnknownUserIsNotFound) {
  EXPECT_EQ(store().add_login_token(token_for(id_for(9), "orphan", 5000)), WriteStatus::kNotFound);
  EXPECT_FALSE(store().user_by_token("orphan", 0).has_value());
}

TEST_P(StoreConformance, RemoveLoginToken) {
  ASSERT_EQ(store().insert_user(make_user(1, "ned")), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token_for(id_for(1), "t1", 5000)), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(token_for(id_for(1), "t2", 5000)), WriteStatus::kOk);

  EXPECT_EQ(store().remove_login_token("t1"), WriteStatus::kOk);
  EXPECT_FALSE(store().user_by_token("t1", 0).has_value());
  EXPECT_TRUE(store().user_by_token("t2", 0).has_value()) << "other tokens stay";
  EXPECT_EQ(store().remove_login_token("t1"), WriteStatus::kNotFound);
  EXPECT_EQ(store().remove_login_token("never"), WriteStatus::kNotFound);
}

TEST_P(StoreConformance, RemoveExpiredTokensCountsWhatItRemoved) {
  ASSERT_EQ(store().insert_user(make_user(1, "olga")), WriteStatus::kOk);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(
        store().add_login_token(token_for(id_for(1), "e" + std::to_string(i), int64_t{i} * 100)),
        WriteStatus::kOk);
  }
  EXPECT_EQ(store().remove_expired_tokens(200), 2) << "expires_at <= now is expired";
  EXPECT_FALSE(store().user_by_token("e2", 0).has_value());
  EXPECT_TRUE(store().user_by_token("e3", 250).has_value());
  EXPECT_EQ(store().remove_expired_tokens(200), 0);
  EXPECT_EQ(store().remove_expired_tokens(1000), 1);
}

// --- health and concurrency ------------------------------------------------------------------

TEST_P(StoreConformance, IsReachable) {
  EXPECT_TRUE(store().reachable());
}

TEST_P(StoreConformance, WritesAreCountedInMetrics) {
  const uint64_t writes = counter_value(registry(), "parley_store_writes_total");
  const uint64_t commits = counter_value(registry(), "parley_store_commits_total");
  ASSERT_EQ(store().insert_user(make_user(1, "pat")), WriteStatus::kOk);
  EXPECT_GE(counter_value(registry(), "parley_store_writes_total"), writes + 1);
  EXPECT_GE(counter_value(registry(), "parley_store_commits_total"), commits + 1);
  EXPECT_NE(registry().render().find("parley_store_commit_seconds_count"), std::string::npos);
}

TEST_P(StoreConformance, ConcurrentInsertsAllLandAndShareCommits) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 50;
  const uint64_t writes_before = counter_value(registry(), "parley_store_writes_total");
  const uint64_t commits_before = counter_value(registry(), "parley_store_commits_total");

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        if (store().insert_user(make_user(n, "user" + std::to_string(n))) != WriteStatus::kOk) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store().list_users(0, 0).total, kThreads * kPerThread);
  for (int n = 0; n < kThreads * kPerThread; ++n) {
    ASSERT_TRUE(store().user_by_username("USER" + std::to_string(n)).has_value()) << n;
  }

  const uint64_t writes = counter_value(registry(), "parley_store_writes_total") - writes_before;
  const uint64_t commits = counter_value(registry(), "parley_store_commits_total") - commits_before;
  EXPECT_GE(writes, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_GT(commits, 0u);
  EXPECT_LT(commits, writes) << "concurrent writes should share transactions (group commit)";
}

}  // namespace
}  // namespace parley::store::conformance
