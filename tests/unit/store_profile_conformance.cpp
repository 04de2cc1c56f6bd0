// Conformance: what migration 0011 added (issue 11): the profile fields (nickname, bio,
// custom_fields, preferences) through insert_user and modify_user, personal access tokens
// (named login tokens: unique names, listing, kept by remove_user_tokens' keep_personal), and
// users.listByStatus' filters on search_users. Interface only.
#include <algorithm>
#include <limits>

#include "unit/store_conformance.hpp"
#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

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

LoginTokenRecord pat(int n, const std::string& hash, const std::string& name, int64_t at) {
  LoginTokenRecord t;
  t.hashed_token = hash;
  t.user_id = user_id(n);
  t.created_at = at;
  t.expires_at = std::numeric_limits<int64_t>::max();
  t.name = name;
  t.last_token_part = "abc123";
  t.bypass_two_factor = true;
  return t;
}

TEST_P(StoreConformance, ProfileFieldsAreStoredAndRewritten) {
  UserRecord u = user(1, "ann");
  u.nickname = "Annie";
  u.bio = "Likes trains";
  ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);
  auto read = store().user_by_id(user_id(1));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->nickname, "Annie");
  EXPECT_EQ(read->bio, "Likes trains");
  EXPECT_EQ(read->custom_fields, "") << "never saved: absent";

  ASSERT_EQ(store().modify_user(user_id(1),
                                [](UserRecord& x) {
                                  x.nickname = "";
                                  x.bio = "Likes boats";
                                  x.custom_fields = R"({"team":"red"})";
                                  x.preferences = R"({"useEmojis":false})";
                                  return true;
                                }),
            WriteStatus::kOk);
  read = store().user_by_username("ann");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->nickname, "");
  EXPECT_EQ(read->bio, "Likes boats");
  EXPECT_EQ(read->custom_fields, R"({"team":"red"})");
  EXPECT_EQ(read->preferences, R"({"useEmojis":false})");
  // The list and the search read the same columns.
  auto listed = store().list_users(0, 0);
  ASSERT_EQ(listed.users.size(), 1u);
  EXPECT_EQ(listed.users[0].custom_fields, R"({"team":"red"})");
}

TEST_P(StoreConformance, PersonalAccessTokensAreNamedLoginTokens) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2, "bob")), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(pat(1, "h-ci", "ci", 20)), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(pat(1, "h-bot", "bot", 10)), WriteStatus::kOk);
  EXPECT_EQ(store().add_login_token(pat(1, "h-other", "ci", 30)), WriteStatus::kDuplicateName)
      << "a user's token names are unique";
  EXPECT_EQ(store().add_login_token(pat(2, "h-bob-ci", "ci", 30)), WriteStatus::kOk)
      << "another user may use the name";
  ASSERT_EQ(store().add_login_token({"h-login", user_id(1), 5, 1'000'000}), WriteStatus::kOk);

  auto mine = store().personal_access_tokens(user_id(1));
  ASSERT_EQ(mine.size(), 2u) << "ordinary login tokens are not listed";
  EXPECT_EQ(mine[0].name, "bot") << "oldest first";
  EXPECT_EQ(mine[1].name, "ci");
  EXPECT_EQ(mine[1].last_token_part, "abc123");
  EXPECT_TRUE(mine[1].bypass_two_factor);
  EXPECT_EQ(store().user_by_token("h-ci", 1'000)->id, user_id(1)) << "logs in like any token";
  auto record = store().login_token("h-bot");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->name, "bot");
  EXPECT_EQ(store().login_token("h-login")->name, "");
  EXPECT_EQ(store().remove_expired_tokens(2'000'000), 1) << "only the ordinary one expires";
}

TEST_P(StoreConformance, RemovingOtherTokensCanKeepPersonalOnes) {
  ASSERT_EQ(store().insert_user(user(1, "ann")), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token(pat(1, "h-ci", "ci", 1)), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token({"keep", user_id(1), 1, 1'000'000}), WriteStatus::kOk);
  ASSERT_EQ(store().add_login_token({"gone", user_id(1), 1, 1'000'000}), WriteStatus::kOk);
  std::vector<std::string> removed;
  EXPECT_EQ(store().remove_user_tokens(user_id(1), "keep", /*keep_personal=*/true, &removed), 1);
  EXPECT_EQ(removed, std::vector<std::string>{"gone"});
  EXPECT_TRUE(store().login_token("h-ci"));
  EXPECT_TRUE(store().login_token("keep"));
  EXPECT_EQ(store().remove_user_tokens(user_id(1)), 2) << "without keep_personal: all of them";
  EXPECT_TRUE(store().personal_access_tokens(user_id(1)).empty());
}

TEST_P(StoreConformance, SearchUsersFiltersByActivityLoginsTypeAndRoles) {
  UserRecord ann = user(1, "ann", {"admin", "user"});
  ann.last_login = rooms::kT0;
  UserRecord bob = user(2, "bob");
  bob.active = false;
  bob.last_login = rooms::kT0;
  UserRecord cat = user(3, "cat", {"bot"});
  cat.type = "bot";
  for (const auto& u : {ann, bob, cat}) ASSERT_EQ(store().insert_user(u), WriteStatus::kOk);
  auto names = [&](const UserSearch& s) {
    std::vector<std::string> out;
    for (const auto& u : store().search_users(s).users) out.push_back(u.username);
    return out;
  };
  UserSearch all;
  all.active.reset();
  EXPECT_EQ(names(all), (std::vector<std::string>{"ann", "bob", "cat"}));
  UserSearch deactivated;
  deactivated.active = false;
  EXPECT_EQ(names(deactivated), std::vector<std::string>{"bob"});
  UserSearch never_logged_in;
  never_logged_in.active.reset();
  never_logged_in.has_logged_in = false;
  EXPECT_EQ(names(never_logged_in), std::vector<std::string>{"cat"});
  UserSearch bots;
  bots.active.reset();
  bots.type = "bot";
  EXPECT_EQ(names(bots), std::vector<std::string>{"cat"});
  UserSearch roles;
  roles.active.reset();
  roles.any_role = {"admin", "bot"};
  EXPECT_EQ(names(roles), (std::vector<std::string>{"ann", "cat"}));
  UserSearch by_active;
  by_active.active.reset();
  by_active.sort = UserSearch::Sort::kActive;
  by_active.descending = true;
  auto page = store().search_users(by_active);
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.users.back().username, "bob") << "inactive last when sorted active first";
}

}  // namespace
}  // namespace parley::store::conformance
