#include "chat/permissions.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/room_records.hpp"

namespace parley::chat {
namespace {

store::UserRecord user_with(std::vector<std::string> roles, std::string id = "u1") {
  store::UserRecord user;
  user.id = std::move(id);
  user.username = "someone";
  user.roles = std::move(roles);
  return user;
}

store::SubscriptionRecord subscription_with(std::vector<std::string> roles,
                                            std::string user_id = "u1") {
  store::SubscriptionRecord subscription;
  subscription.id = "s1";
  subscription.room_id = "r1";
  subscription.user_id = std::move(user_id);
  subscription.roles = std::move(roles);
  return subscription;
}

std::vector<std::string> roles_of(std::string_view permission) {
  const PermissionEntry* entry = find_default_permission(permission);
  if (entry == nullptr) return {"<missing permission>"};
  return {entry->roles.begin(), entry->roles.end()};
}

// ctest runs every test in its own process, so this one is the first use of the lazily built
// indexes: many threads race to build them (meaningful under TSan, harmless elsewhere).
TEST(Permissions, ConcurrentFirstUseIsSafe) {
  auto admin = user_with({"admin"});
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (has_permission(admin, "edit-message") && is_known_role("owner")) ++granted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 8);
}

TEST(Permissions, EmbeddedChatReadsTheseIndices) {
  const auto& all = default_permissions();
  ASSERT_GE(all.size(), 151u);
  EXPECT_EQ(all[28].id, "edit-message");
  EXPECT_EQ(all[70].id, "view-full-other-user-info");
  EXPECT_EQ(all[140].id, "post-readonly");
  EXPECT_EQ(all[150].id, "pin-message");
  // EmbeddedChat checks the user's roles against update[140].roles and update[150].roles.
  EXPECT_EQ(all[140].roles, (std::vector<std::string_view>{"admin", "owner", "moderator"}));
  EXPECT_EQ(all[150].roles, (std::vector<std::string_view>{"owner", "moderator", "admin"}));
}

TEST(Permissions, TableIsRocketChatsOrderAndWellFormed) {
  const auto& all = default_permissions();
  EXPECT_GE(all.size(), 170u);  // RC 7.x ships 176 distinct default permissions
  EXPECT_EQ(all.front().id, "access-permissions");
  EXPECT_EQ(all[1].id, "access-marketplace");
  std::set<std::string_view> ids;
  for (const auto& entry : all) {
    EXPECT_TRUE(ids.insert(entry.id).second) << "duplicate " << entry.id;
    EXPECT_EQ(find_default_permission(entry.id), &entry) << entry.id;
    EXPECT_TRUE(entry.level.empty() && entry.group.empty() && entry.section.empty() &&
                entry.setting_id.empty())
        << entry.id;
    for (auto role : entry.roles) {
      EXPECT_TRUE(is_known_role(role)) << entry.id << " names unknown role " << role;
    }
  }
}

struct Default {
  std::string_view permission;
  std::vector<std::string> roles;  // in RC's order: listAll sends them as they are
};

// Rocket.Chat 7.x defaults for what parley checks (rc-api.md §5, §6).
const std::vector<Default> kDefaults = {
    {"create-c", {"admin", "user", "bot", "app"}},
    {"create-p", {"admin", "user", "bot", "app"}},
    {"create-d", {"admin", "user", "bot", "app"}},
    {"view-c-room", {"admin", "user", "bot", "app", "anonymous"}},
    {"view-p-room", {"admin", "user", "anonymous", "guest"}},
    {"view-d-room", {"admin", "user", "bot", "app", "guest"}},
    {"view-joined-room", {"guest", "bot", "app", "anonymous"}},
    {"preview-c-room", {"admin", "user", "anonymous"}},
    {"view-other-user-channels", {"admin"}},
    {"edit-message", {"admin", "owner", "moderator"}},
    {"delete-message", {"admin", "owner", "moderator"}},
    {"delete-own-message", {"admin", "user"}},
    {"force-delete-message", {"admin", "owner"}},
    {"pin-message", {"owner", "moderator", "admin"}},
    {"post-readonly", {"admin", "owner", "moderator"}},
    {"set-readonly", {"admin", "owner"}},
    {"set-react-when-readonly", {"admin", "owner"}},
    {"add-user-to-joined-room", {"admin", "owner", "moderator"}},
    {"add-user-to-any-c-room", {"admin"}},
    {"add-user-to-any-p-room", {}},
    {"remove-user", {"admin", "owner", "moderator"}},
    {"mute-user", {"admin", "owner", "moderator"}},
    {"set-owner", {"admin", "owner"}},
    {"set-moderator", {"admin", "owner"}},
    {"set-leader", {"admin", "owner"}},
    {"archive-room", {"admin", "owner"}},
    {"unarchive-room", {"admin"}},
    {"edit-room", {"admin", "owner", "moderator"}},
    {"delete-c", {"admin", "owner"}},
    {"delete-p", {"admin", "owner"}},
    {"leave-c", {"admin", "user", "bot", "anonymous", "app"}},
    {"leave-p", {"admin", "user", "bot", "anonymous", "app"}},
    {"join-without-join-code", {"admin", "bot", "app"}},
    {"create-invite-links", {"admin", "owner", "moderator"}},
    {"view-room-administration", {"admin"}},
    {"mention-all", {"admin", "owner", "moderator", "user"}},
    {"mention-here", {"admin", "owner", "moderator", "user"}},
    {"send-many-messages", {"admin", "bot", "app"}},
    {"api-bypass-rate-limit", {"admin", "bot", "app"}},
    {"message-impersonate", {"bot", "app"}},
    {"bypass-time-limit-edit-and-delete", {"bot", "app"}},
    {"start-discussion", {"admin", "user", "guest", "app"}},
    {"create-user", {"admin"}},
    {"view-statistics", {"admin"}},
    {"view-full-other-user-info", {"admin"}},
    {"view-privileged-setting", {"admin"}},
    {"edit-other-user-info", {"admin"}},
    {"access-permissions", {"admin"}},
    {"mobile-upload-file", {"user", "admin"}},
};

TEST(Permissions, RocketChatDefaults) {
  for (const auto& expected : kDefaults) {
    EXPECT_EQ(roles_of(expected.permission), expected.roles) << expected.permission;
  }
}

TEST(Permissions, GlobalCheckUsesTheUsersRoles) {
  auto admin = user_with({"admin"});
  auto user = user_with({"user"});
  auto bot = user_with({"bot"});
  EXPECT_TRUE(has_permission(admin, "view-statistics"));
  EXPECT_FALSE(has_permission(user, "view-statistics"));
  EXPECT_TRUE(has_permission(user, "create-c"));
  EXPECT_TRUE(has_permission(bot, "send-many-messages"));
  EXPECT_FALSE(has_permission(user, "send-many-messages"));
  EXPECT_TRUE(has_permission(user_with({"user", "bot"}), "api-bypass-rate-limit"));
  EXPECT_FALSE(has_permission(user_with({}), "create-c"));
  // Room roles on the user record count, as in RC, though parley never puts them there.
  EXPECT_TRUE(has_permission(user_with({"owner"}), "edit-message"));
  // Nobody holds add-user-to-any-p-room by default, not even admin.
  EXPECT_FALSE(has_permission(admin, "add-user-to-any-p-room"));
}

TEST(Permissions, UnknownPermissionIsNeverGranted) {
  auto admin = user_with({"admin"});
  auto owner_sub = subscription_with({"owner", "moderator"});
  EXPECT_EQ(find_default_permission("no-such-permission"), nullptr);
  EXPECT_FALSE(has_permission(admin, "no-such-permission"));
  EXPECT_FALSE(has_permission(admin, "no-such-permission", &owner_sub));
  EXPECT_FALSE(has_permission(admin, ""));
  EXPECT_FALSE(has_permission(admin, "EDIT-MESSAGE"));  // ids are case-sensitive, as in RC
}

TEST(Permissions, RoomRolesGrantOnlyThroughTheirSubscription) {
  auto plain = user_with({"user"});
  auto owner_here = subscription_with({"owner"});
  auto member_there = subscription_with({});

  EXPECT_TRUE(has_permission(plain, "edit-message", &owner_here));
  EXPECT_TRUE(has_permission(plain, "set-moderator", &owner_here));
  EXPECT_TRUE(has_permission(plain, "post-readonly", &owner_here));
  EXPECT_FALSE(has_permission(plain, "edit-message", &member_there));
  EXPECT_FALSE(has_permission(plain, "edit-message", nullptr));
  EXPECT_FALSE(has_permission(plain, "edit-message"));

  auto moderator_here = subscription_with({"moderator"});
  EXPECT_TRUE(has_permission(plain, "delete-message", &moderator_here));
  EXPECT_TRUE(has_permission(plain, "pin-message", &moderator_here));
  EXPECT_FALSE(has_permission(plain, "set-owner", &moderator_here));
  EXPECT_FALSE(has_permission(plain, "archive-room", &moderator_here));

  // Global roles still count in a room check.
  EXPECT_TRUE(has_permission(user_with({"admin"}), "edit-message", &member_there));
  EXPECT_TRUE(has_permission(plain, "create-c", &member_there));
  // Leader is a room role with no default permission of its own.
  auto leader_here = subscription_with({"leader"});
  EXPECT_FALSE(has_permission(plain, "edit-message", &leader_here));
}

TEST(Permissions, RolesTable) {
  const auto& roles = default_roles();
  std::set<std::string_view> ids;
  for (const auto& role : roles) {
    EXPECT_TRUE(ids.insert(role.id).second) << "duplicate " << role.id;
    EXPECT_EQ(role.name, role.id);
    EXPECT_TRUE(role.scope == kScopeUsers || role.scope == kScopeSubscriptions) << role.id;
    EXPECT_EQ(role.scope == kScopeSubscriptions, is_room_role(role.id)) << role.id;
    EXPECT_TRUE(role.is_protected) << role.id;
    EXPECT_FALSE(role.mandatory_2fa) << role.id;
    EXPECT_EQ(find_default_role(role.id), &role);
  }
  for (auto id : {"admin", "user", "bot", "app", "guest", "anonymous", "livechat-agent",
                  "livechat-manager"}) {
    ASSERT_NE(find_default_role(id), nullptr) << id;
    EXPECT_EQ(find_default_role(id)->scope, "Users") << id;
  }
  for (auto id : {"owner", "moderator", "leader"}) {
    ASSERT_NE(find_default_role(id), nullptr) << id;
    EXPECT_EQ(find_default_role(id)->scope, "Subscriptions") << id;
  }
  EXPECT_EQ(roles.front().id, "admin");
  EXPECT_EQ(find_default_role("admin")->description, "Admin");
  EXPECT_EQ(find_default_role("owner")->description, "Owner");
  EXPECT_EQ(find_default_role("moderator")->description, "Moderator");
  EXPECT_EQ(find_default_role("user")->description, "");
}

TEST(Permissions, KnownAndRoomRoles) {
  EXPECT_TRUE(is_known_role(kRoleAdmin));
  EXPECT_TRUE(is_known_role(kRoleUser));
  EXPECT_TRUE(is_known_role(kRoleBot));
  EXPECT_TRUE(is_known_role("owner"));
  EXPECT_TRUE(is_known_role("livechat-agent"));
  EXPECT_FALSE(is_known_role("superuser"));
  EXPECT_FALSE(is_known_role(""));
  EXPECT_TRUE(is_room_role("owner"));
  EXPECT_TRUE(is_room_role("moderator"));
  EXPECT_TRUE(is_room_role("leader"));
  EXPECT_FALSE(is_room_role("admin"));
  EXPECT_FALSE(is_room_role("user"));
}

TEST(Permissions, HasRole) {
  auto user = user_with({"user", "bot"});
  EXPECT_TRUE(has_role(user, kRoleBot));
  EXPECT_FALSE(has_role(user, kRoleAdmin));
}

}  // namespace
}  // namespace parley::chat
