// Store conformance, continued: permissions and roles (migration 0008 for SQLite): the seeded
// defaults, set_permission_roles, the role writes with their stamps and refusals, roles.sync's
// reads, and who holds a role. Only the Store interface, so every implementation runs these.
#include <algorithm>

#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

const PermissionRecord* find(const std::vector<PermissionRecord>& all, std::string_view id) {
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.id == id; });
  return it == all.end() ? nullptr : &*it;
}

UserRecord user_with_roles(int n, std::vector<std::string> roles) {
  UserRecord u;
  u.id = user_id(n);
  u.username = "user" + std::to_string(n);
  u.roles = std::move(roles);
  u.created_at = u.updated_at = kT0;
  return u;
}

RoleRecord custom_role(std::string id, std::string name, std::string scope = "Users") {
  RoleRecord r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.scope = std::move(scope);
  r.description = "custom";
  return r;
}

TEST_P(StoreConformance, PermissionsAreSeededWithRocketChatDefaultsInListOrder) {
  auto all = store().permissions();
  ASSERT_GE(all.size(), 151u);
  EXPECT_EQ(all[0].id, "access-permissions");
  EXPECT_EQ(all[28].id, "edit-message");
  EXPECT_EQ(all[150].id, "pin-message");
  const PermissionRecord* create_c = find(all, "create-c");
  ASSERT_NE(create_c, nullptr);
  EXPECT_EQ(create_c->roles, (std::vector<std::string>{"admin", "user", "bot", "app"}));
  EXPECT_EQ(create_c->updated_at, 0);
  auto roles = store().roles();
  ASSERT_EQ(roles.size(), 12u);
  EXPECT_EQ(roles[0].id, "admin");
  EXPECT_EQ(roles[3].id, "owner");
  EXPECT_EQ(roles[3].scope, "Subscriptions");
  EXPECT_TRUE(roles[3].is_protected);
}

TEST_P(StoreConformance, SetPermissionRolesStampsTheRowAndRunsTheHook) {
  at(kT0 + 10);
  PermissionRecord written;
  bool hooked = false;
  EXPECT_EQ(store().set_permission_roles("create-c", {"admin"}, &written,
                                         [&] { hooked = written.id == "create-c"; }),
            WriteStatus::kOk);
  EXPECT_TRUE(hooked);  // `out` is filled before the hook runs
  EXPECT_EQ(written.roles, std::vector<std::string>{"admin"});
  EXPECT_GE(written.updated_at, kT0 + 10);
  auto all = store().permissions();
  EXPECT_EQ(find(all, "create-c")->roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(find(all, "create-c")->updated_at, written.updated_at);
  EXPECT_EQ(all[0].id, "access-permissions");  // order unchanged

  PermissionRecord second;
  ASSERT_EQ(store().set_permission_roles("create-c", {}, &second), WriteStatus::kOk);
  EXPECT_GT(second.updated_at, written.updated_at);  // stamps grow
  EXPECT_TRUE(find(store().permissions(), "create-c")->roles.empty());
  EXPECT_EQ(store().set_permission_roles("no-such", {"admin"}), WriteStatus::kNotFound);
}

TEST_P(StoreConformance, RolesInsertUpdateDeleteWithStampsAndRefusals) {
  at(kT0 + 100);
  RoleRecord written;
  ASSERT_EQ(store().insert_role(custom_role("r1", "Reviewer"), &written), WriteStatus::kOk);
  EXPECT_GE(written.updated_at, kT0 + 100);
  EXPECT_EQ(store().insert_role(custom_role("r1", "Other")), WriteStatus::kDuplicateId);
  EXPECT_EQ(store().insert_role(custom_role("r2", "Reviewer")), WriteStatus::kDuplicateName);
  EXPECT_EQ(store().roles().back().id, "r1");  // creation order

  RoleRecord renamed = written;
  renamed.name = "Senior";
  renamed.description = "";
  renamed.is_protected = true;  // never written by update_role
  RoleRecord updated;
  ASSERT_EQ(store().update_role(renamed, &updated), WriteStatus::kOk);
  EXPECT_EQ(updated.name, "Senior");
  EXPECT_FALSE(updated.is_protected);
  EXPECT_GT(updated.updated_at, written.updated_at);
  RoleRecord clash = renamed;
  clash.name = "admin";
  EXPECT_EQ(store().update_role(clash), WriteStatus::kDuplicateName);
  EXPECT_EQ(store().update_role(custom_role("nope", "x")), WriteStatus::kNotFound);

  EXPECT_EQ(store().roles_updated_since(written.updated_at).size(), 1u);
  EXPECT_TRUE(store().roles_updated_since(updated.updated_at).empty());

  RemovedRole removed;
  ASSERT_EQ(store().delete_role("r1", &removed), WriteStatus::kOk);
  EXPECT_EQ(removed.role.name, "Senior");
  EXPECT_GT(removed.removed_at, updated.updated_at);
  EXPECT_EQ(store().delete_role("r1"), WriteStatus::kNotFound);
  auto gone = store().roles_removed_since(updated.updated_at);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].role.id, "r1");
  EXPECT_EQ(gone[0].removed_at, removed.removed_at);
  EXPECT_TRUE(store().roles_removed_since(removed.removed_at).empty());
  EXPECT_EQ(store().roles().size(), 12u);

  // Created again: no longer listed as removed.
  ASSERT_EQ(store().insert_role(custom_role("r1", "Reviewer")), WriteStatus::kOk);
  EXPECT_TRUE(store().roles_removed_since(0).empty());
}

TEST_P(StoreConformance, UsersInRoleGlobalAndPerRoomExactMatchPaged) {
  ASSERT_EQ(store().insert_user(user_with_roles(1, {"admin", "user"})), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user_with_roles(2, {"user"})), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user_with_roles(3, {"admin-lite", "user"})), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user_with_roles(4, {"admin"})), WriteStatus::kOk);

  auto admins = store().users_in_role("admin", "", 0, 0);
  EXPECT_EQ(admins.total, 2);  // "admin-lite" is another role
  ASSERT_EQ(admins.users.size(), 2u);
  EXPECT_EQ(admins.users[0].username, "user1");
  auto page = store().users_in_role("user", "", 1, 1);
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.users.size(), 1u);
  EXPECT_EQ(page.users[0].username, "user2");

  RoomRecord room = make_room(1, "c", "general");
  SubscriptionRecord owner = make_sub(room, 2, "user2");
  owner.roles = {"owner"};
  ASSERT_EQ(store().insert_room(room, {owner, make_sub(room, 3, "user3")}), WriteStatus::kOk);
  auto owners = store().users_in_role("owner", room.id, 0, 0);
  EXPECT_EQ(owners.total, 1);
  ASSERT_EQ(owners.users.size(), 1u);
  EXPECT_EQ(owners.users[0].id, user_id(2));
  EXPECT_EQ(store().users_in_role("owner", room_id(9), 0, 0).total, 0);
  EXPECT_EQ(store().count_subscriptions_in_role("owner"), 1);
  EXPECT_EQ(store().count_subscriptions_in_role("moderator"), 0);
}

}  // namespace
}  // namespace parley::store::conformance
