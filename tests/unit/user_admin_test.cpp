// The user administration rules (chat/user_admin) and token revocation (chat/accounts) on a real
// store and the in-process bus: what each refuses, what it writes, what it publishes.
#include "chat/user_admin.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <mutex>

#include "bus/local_bus.hpp"
#include "chat/membership_cache.hpp"
#include "chat/permissions.hpp"
#include "test_store.hpp"
#include "util/hash.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

class UserAdminTest : public ::testing::Test {
 protected:
  UserAdminTest()
      : events_(bus_),
        accounts_(db_.store(), clock_, options(), &events_),
        members_(db_.store()),
        admin_tool_(db_.store(), clock_, accounts_, events_, &members_) {
    for (const char* subject : {bus::kTokensSubject, bus::kLoggedSubject}) {
      bus_.subscribe(subject, [this](const std::string& s, const bus::Payload& p) {
        std::lock_guard lock(mu_);
        published_.emplace_back(s, json::parse(*p).as_object());
      });
    }
    accounts_.bootstrap_admin("root", "pw", "root@example.com");
    root_ = *db_.store().user_by_username("root");
  }

  static AccountsOptions options() {
    AccountsOptions o;
    o.hash_cost = {1, 8192 * 1024};
    return o;
  }

  store::UserRecord make(const std::string& name, std::vector<std::string> roles = {}) {
    auto created = accounts_.create_user(
        root_, {name, name + "@example.com", "pw", "Name " + name, roles, true, false, false});
    EXPECT_TRUE(created) << created.error().message();
    return created.value();
  }
  std::string login(const std::string& name, const std::string& password = "pw") {
    UserSelector who;
    who.username = name;
    auto r = accounts_.login_with_password(who, util::sha256_hex(password), "ip");
    return r ? r->token : std::string{};
  }
  std::vector<json::object> on(const std::string& subject) {
    std::lock_guard lock(mu_);
    std::vector<json::object> out;
    for (const auto& [s, e] : published_) {
      if (s == subject) out.push_back(e);
    }
    return out;
  }

  testing::TempStore db_;
  util::FakeClock clock_;
  bus::LocalBus bus_;
  Events events_;
  Accounts accounts_;
  MembershipCache members_;
  UserAdmin admin_tool_;
  store::UserRecord root_;
  std::mutex mu_;
  std::vector<std::pair<std::string, json::object>> published_;
};

TEST_F(UserAdminTest, LogoutPublishesTheTokensHash) {
  auto ann = make("ann");
  auto token = login("ann");
  ASSERT_FALSE(token.empty());
  accounts_.logout(token);
  auto events = on(bus::kTokensSubject);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("uid").as_string(), ann.id);
  EXPECT_EQ(events[0].at("tokens").as_array(),
            json::array{json::value(util::sha256_base64(token))});
  accounts_.logout(token);  // twice: nothing left to revoke, nothing published
  EXPECT_EQ(on(bus::kTokensSubject).size(), 1u);
}

TEST_F(UserAdminTest, RemoveOtherTokensKeepsTheCallersToken) {
  auto ann = make("ann");
  auto mine = login("ann");
  auto other = login("ann");
  auto kept = accounts_.remove_other_tokens(ann.id, mine);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept.value(), db_.store().login_token(util::sha256_base64(mine))->expires_at);
  EXPECT_TRUE(accounts_.authenticate(ann.id, mine));
  EXPECT_FALSE(accounts_.authenticate(ann.id, other));
  auto events = on(bus::kTokensSubject);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].at("all").as_bool());
  EXPECT_EQ(events[0].at("except").as_string(), util::sha256_base64(mine));
  // Someone else's token is not the caller's to keep.
  EXPECT_FALSE(accounts_.remove_other_tokens(root_.id, mine));
}

TEST_F(UserAdminTest, DeactivationNeedsThePermissionRevokesAndCanBeUndone) {
  auto ann = make("ann");
  auto bob = make("bob");
  auto token = login("ann");
  auto refused = admin_tool_.set_active(bob, ann.id, false, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);

  auto off = admin_tool_.set_active(root_, ann.id, false, false);
  ASSERT_TRUE(off) << off.error().message();
  EXPECT_FALSE(off->active);
  EXPECT_FALSE(db_.store().user_by_id(ann.id)->active);
  EXPECT_FALSE(accounts_.authenticate(ann.id, token));
  EXPECT_FALSE(db_.store().login_token(util::sha256_base64(token)));
  auto events = on(bus::kTokensSubject);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("uid").as_string(), ann.id);
  EXPECT_TRUE(events[0].at("all").as_bool());
  UserSelector who;
  who.username = "ann";
  EXPECT_EQ(accounts_.login_with_password(who, util::sha256_hex("pw"), "ip").error().code,
            "error-user-is-not-activated");

  ASSERT_TRUE(admin_tool_.set_active(root_, ann.id, true, false));
  EXPECT_FALSE(login("ann").empty());
  EXPECT_EQ(admin_tool_.set_active(root_, "nobody", false, false).error().reason, "User not found");
}

TEST_F(UserAdminTest, TheLastActiveAdminStays) {
  auto off = admin_tool_.set_active(root_, root_.id, false, false);
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, "error-action-not-allowed");
  auto gone = admin_tool_.remove(root_, UserSelector{root_.id, {}, {}}, false);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "error-action-not-allowed");
  auto second = make("boss", {"admin", "user"});
  EXPECT_TRUE(admin_tool_.set_active(root_, second.id, false, false));
  // An inactive admin is still an admin for deletion (RC counts every admin there).
  EXPECT_TRUE(admin_tool_.remove(root_, UserSelector{second.id, {}, {}}, false));
}

TEST_F(UserAdminTest, TheLastOwnerOfARoomNeedsConfirmRelinquish) {
  auto ann = make("ann");
  store::RoomRecord room;
  room.id = "room0000000000001";
  room.type = "c";
  room.name = "owned";
  store::SubscriptionRecord owner;
  owner.id = "sub00000000000001";
  owner.room_id = room.id;
  owner.user_id = ann.id;
  owner.username = "ann";
  owner.room_type = "c";
  owner.roles = {"owner"};
  store::SubscriptionRecord member = owner;
  member.id = "sub00000000000002";
  member.user_id = root_.id;
  member.username = "root";
  member.roles = {};
  ASSERT_EQ(db_.store().insert_room(room, {owner, member}), store::WriteStatus::kOk);

  auto refused = admin_tool_.set_active(root_, ann.id, false, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "user-last-owner");
  EXPECT_TRUE(db_.store().user_by_id(ann.id)->active) << "a refusal changes nothing";
  EXPECT_TRUE(admin_tool_.set_active(root_, ann.id, false, true));
  // The other active member inherits the room.
  auto heir = db_.store().subscription(room.id, root_.id);
  ASSERT_TRUE(heir);
  EXPECT_EQ(heir->roles, std::vector<std::string>{"owner"});
}

TEST_F(UserAdminTest, UpdateRenamesAnnouncesAndRefusesClashes) {
  auto ann = make("ann");
  make("bob");
  UserUpdate rename;
  rename.username = "anna";
  rename.name = "Anna";
  auto updated = admin_tool_.update(root_, ann.id, rename, false);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_EQ(updated->username, "anna");
  auto logged = on(bus::kLoggedSubject);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].at("event").as_string(), "Users:NameChanged");
  EXPECT_EQ(logged[0].at("args").as_array()[0].as_object().at("username").as_string(), "anna");

  UserUpdate clash;
  clash.username = "BOB";
  EXPECT_EQ(admin_tool_.update(root_, ann.id, clash, false).error().code,
            "error-could-not-save-identity");
  UserUpdate roles;
  roles.roles = std::vector<std::string>{"user", "admin"};
  auto bob = *db_.store().user_by_username("bob");
  EXPECT_EQ(admin_tool_.update(bob, bob.id, roles, false).error().code, "error-action-not-allowed");
  UserUpdate other;
  other.name = "x";
  EXPECT_EQ(admin_tool_.update(bob, ann.id, other, false).error().code, "error-action-not-allowed");
}

TEST_F(UserAdminTest, APasswordSetByAnAdminRevokesAndOneSetByTheUserIsIgnored) {
  auto ann = make("ann");
  auto token = login("ann");
  UserUpdate own;
  own.password = "mine";
  ASSERT_TRUE(admin_tool_.update(ann, ann.id, own, false));
  EXPECT_TRUE(accounts_.authenticate(ann.id, token)) << "RC ignores it without the permission";
  EXPECT_TRUE(login("ann", "mine").empty());

  UserUpdate set;
  set.password = "new-pw";
  ASSERT_TRUE(admin_tool_.update(root_, ann.id, set, false));
  EXPECT_FALSE(accounts_.authenticate(ann.id, token));
  EXPECT_TRUE(login("ann").empty());
  EXPECT_FALSE(login("ann", "new-pw").empty());
}

TEST_F(UserAdminTest, DeleteRemovesTheUserAndAnnouncesIt) {
  auto ann = make("ann");
  auto token = login("ann");
  store::RoomRecord room;
  room.id = "room0000000000009";
  room.type = "p";
  room.name = "secret";
  store::SubscriptionRecord sub;
  sub.id = "sub00000000000009";
  sub.room_id = room.id;
  sub.user_id = ann.id;
  sub.username = "ann";
  sub.room_type = "p";
  store::SubscriptionRecord other = sub;
  other.id = "sub00000000000010";
  other.user_id = root_.id;
  other.username = "root";
  other.roles = {"owner"};
  ASSERT_EQ(db_.store().insert_room(room, {sub, other}), store::WriteStatus::kOk);
  ASSERT_TRUE(members_.is_member(room.id, ann.id));
  EXPECT_EQ(admin_tool_.remove(ann, UserSelector{root_.id, {}, {}}, false).error().kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(admin_tool_.remove(root_, UserSelector{}, false).error().code,
            "error-user-param-not-provided");
  EXPECT_EQ(admin_tool_.remove(root_, UserSelector{"nobody", {}, {}}, false).error().code,
            "error-invalid-user");
  ASSERT_TRUE(admin_tool_.remove(root_, UserSelector{{}, "ann", {}}, false));
  EXPECT_FALSE(db_.store().user_by_id(ann.id));
  EXPECT_FALSE(accounts_.authenticate(ann.id, token));
  EXPECT_FALSE(members_.is_member(room.id, ann.id)) << "the read rules forget the member";
  auto logged = on(bus::kLoggedSubject);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].at("event").as_string(), "Users:Deleted");
  EXPECT_EQ(logged[0].at("args").as_array()[0].as_object().at("userId").as_string(), ann.id);
  // Before the delete, and again after it: a login that finished in between got a token the
  // delete removed, and its session must hear of it too.
  auto revoked = on(bus::kTokensSubject);
  ASSERT_EQ(revoked.size(), 2u);
  for (const auto& event : revoked) EXPECT_EQ(event.at("uid").as_string(), ann.id);
}

}  // namespace
}  // namespace parley::chat
