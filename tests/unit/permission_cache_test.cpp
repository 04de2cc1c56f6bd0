// The permission cache (chat/permission_cache.hpp): defaults before loading, the store's seed
// equal to the code's defaults, last-writer-by-stamp for changes arriving twice or out of order,
// the bus form of a change, and two "instances" (two caches, two RolesAdmins, one bus): a change
// made on one reaches the other's cache.
#include "chat/permission_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "bus/local_bus.hpp"
#include "chat/events.hpp"
#include "chat/permissions.hpp"
#include "chat/roles_admin.hpp"
#include "unit/test_store.hpp"

namespace parley::chat {
namespace {

store::PermissionRecord permission(std::string id, std::vector<std::string> roles, int64_t at) {
  store::PermissionRecord p;
  p.id = std::move(id);
  p.roles = std::move(roles);
  p.updated_at = at;
  return p;
}

store::RoleRecord role(std::string id, int64_t at, std::string scope = "Users") {
  return {id, id, std::move(scope), "", false, false, at};
}

const std::vector<std::string> kUser = {"user"};

TEST(PermissionCache, StartsWithTheBuiltInDefaults) {
  PermissionCache cache;
  auto s = cache.snapshot();
  ASSERT_EQ(s->permissions.size(), default_permissions().size());
  EXPECT_EQ(s->permissions[28].id, "edit-message");
  EXPECT_TRUE(cache.grants("create-c", kUser));
  EXPECT_FALSE(cache.grants("create-user", kUser));
  EXPECT_FALSE(cache.grants("no-such-permission", {"admin"}));
  EXPECT_TRUE(cache.is_role("livechat-monitor"));
  EXPECT_FALSE(cache.is_role("superhero"));
}

// Migration 0008 seeds what permission_table.cpp holds: same ids, order, roles; same roles.
TEST(PermissionCache, TheStoreSeedEqualsTheCodeDefaults) {
  testing::TempStore temp;
  PermissionCache loaded;
  loaded.load(temp.store());
  PermissionCache defaults;
  auto a = loaded.snapshot();
  auto b = defaults.snapshot();
  ASSERT_EQ(a->permissions.size(), b->permissions.size());
  for (size_t i = 0; i < a->permissions.size(); ++i) {
    EXPECT_EQ(a->permissions[i].id, b->permissions[i].id) << i;
    EXPECT_EQ(a->permissions[i].roles, b->permissions[i].roles) << a->permissions[i].id;
  }
  ASSERT_EQ(a->roles.size(), b->roles.size());
  for (size_t i = 0; i < a->roles.size(); ++i) {
    EXPECT_EQ(a->roles[i].id, b->roles[i].id);
    EXPECT_EQ(a->roles[i].scope, b->roles[i].scope);
    EXPECT_EQ(a->roles[i].description, b->roles[i].description);
    EXPECT_EQ(a->roles[i].is_protected, b->roles[i].is_protected);
  }
}

TEST(PermissionCache, NewerStampWinsAndAnOlderChangeIsIgnored) {
  PermissionCache cache;
  EXPECT_TRUE(cache.apply_permission(permission("create-c", {"admin"}, 10)));
  EXPECT_FALSE(cache.grants("create-c", kUser));
  // The same change again (from the bus, after the local apply) is harmless.
  EXPECT_TRUE(cache.apply_permission(permission("create-c", {"admin"}, 10)));
  // An older change arriving late does not bring the old state back.
  EXPECT_FALSE(cache.apply_permission(permission("create-c", {"admin", "user"}, 9)));
  EXPECT_FALSE(cache.grants("create-c", kUser));
  EXPECT_TRUE(cache.apply_permission(permission("create-c", {"user"}, 11)));
  EXPECT_TRUE(cache.grants("create-c", kUser));
  EXPECT_EQ(cache.snapshot()->permissions[0].id, "access-permissions");  // order kept
}

TEST(PermissionCache, ADeletedRoleIsNotRevivedByALateChange) {
  PermissionCache cache;
  ASSERT_TRUE(cache.apply_role(role("r1", 5)));
  EXPECT_TRUE(cache.is_role("r1"));
  ASSERT_TRUE(cache.apply_role_removed({role("r1", 5), 8}));
  EXPECT_FALSE(cache.is_role("r1"));
  EXPECT_FALSE(cache.apply_role(role("r1", 6)));  // the update before the deletion, late
  EXPECT_FALSE(cache.is_role("r1"));
  EXPECT_TRUE(cache.apply_role(role("r1", 9)));  // created again afterwards
  EXPECT_TRUE(cache.is_role("r1"));
  // Indexes stay right after a removal in the middle.
  ASSERT_TRUE(cache.apply_role_removed({role("guest", 0), 10}));
  auto s = cache.snapshot();
  for (size_t i = 0; i < s->roles.size(); ++i) EXPECT_EQ(s->role(s->roles[i].id), &s->roles[i]);
}

TEST(PermissionCache, BusEventsRoundTripAndBadOnesAreRefused) {
  PermissionCache cache;
  EXPECT_TRUE(
      cache.apply_event(PermissionCache::permission_event(permission("create-c", {"admin"}, 3))));
  EXPECT_FALSE(cache.grants("create-c", kUser));
  EXPECT_TRUE(cache.apply_event(PermissionCache::role_event(role("r2", 4, "Subscriptions"))));
  ASSERT_NE(cache.snapshot()->role("r2"), nullptr);
  EXPECT_EQ(cache.snapshot()->role("r2")->scope, "Subscriptions");
  EXPECT_TRUE(cache.apply_event(PermissionCache::role_removed_event({role("r2", 4), 5})));
  EXPECT_FALSE(cache.is_role("r2"));
  EXPECT_FALSE(cache.apply_event({}));
  EXPECT_FALSE(cache.apply_event({{"permission", {{"id", "create-c"}}}}));  // no stamp, no roles
  EXPECT_FALSE(cache.apply_event(
      {{"permission", {{"id", "x"}, {"roles", {1}}, {"updatedAt", 1}}}}));  // roles not strings
}

// Readers run while a writer swaps snapshots: each read sees one whole version (ASan/TSan
// meaningful; no timing involved).
TEST(PermissionCache, ReadersNeverSeeAHalfWrittenVersion) {
  PermissionCache cache;
  std::atomic<bool> stop{false};
  std::atomic<int> inconsistent{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto s = cache.snapshot();
      const auto* p = s->permission("create-c");
      if (p == nullptr || s->permission_at.size() != s->permissions.size()) ++inconsistent;
    }
  });
  for (int i = 1; i <= 2000; ++i) {
    cache.apply_permission(permission("create-c", i % 2 ? kUser : std::vector<std::string>{}, i));
  }
  stop = true;
  reader.join();
  EXPECT_EQ(inconsistent.load(), 0);
}

// Two instances: each its own cache and RolesAdmin, one bus between them. A change made on A
// takes effect in A's cache at once and reaches B's through the bus (LocalBus delivers on the
// publisher's thread, so it has arrived when the call returns).
TEST(PermissionCache, AChangeOnOneInstanceReachesAnotherOverTheBus) {
  testing::TempStore temp;
  bus::LocalBus bus;
  Events events(bus);
  PermissionCache cache_a;
  PermissionCache cache_b;
  cache_a.load(temp.store());
  cache_b.load(temp.store());
  RolesAdmin admin_a(temp.store(), events, cache_a);
  RolesAdmin admin_b(temp.store(), events, cache_b);
  admin_a.listen();
  admin_b.listen();
  store::UserRecord admin;
  admin.id = "admin0000000000001";
  admin.roles = {"admin"};

  auto updated = admin_a.update_permissions(admin, {{"create-c", {"admin"}}});
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_FALSE(cache_a.grants("create-c", kUser));
  EXPECT_FALSE(cache_b.grants("create-c", kUser));

  auto created = admin_a.create_role(admin, {"Reviewer", std::nullopt, "r", std::nullopt});
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_TRUE(cache_b.is_role(created->id));
  ASSERT_TRUE(admin_b.delete_role(admin, "Reviewer").ok());
  EXPECT_FALSE(cache_a.is_role(created->id));

  // Refusals are values with RC's ids.
  auto unknown = admin_a.update_permissions(admin, {{"no-such", {"admin"}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code_string(), "error-invalid-permission");
  auto protected_role = admin_a.delete_role(admin, "owner");
  ASSERT_FALSE(protected_role.ok());
  EXPECT_EQ(protected_role.error().code_string(), "error-role-protected");
}

}  // namespace
}  // namespace parley::chat
