#pragma once
// Which roles hold which permission, with Rocket.Chat's names. Checked in chat/ only, never in
// a transport.
//
// Two layers:
//  - The built-in defaults (permission_table.cpp): RC 7's permissions and roles as constant
//    data, what migration 0008 seeds into the store and what the cache holds before it is
//    loaded. default_permissions()/default_roles() and the find_default_* lookups read them;
//    their indexes are built on first use inside function-local statics (thread-safe, no locks).
//  - The live state (chat/permission_cache.hpp): what the store holds, as permissions.update
//    and roles.* change it. has_permission() and is_known_role() read that.
//
// A check follows RC's AuthorizationService: a user holds a permission when any of their
// roles is listed for it. Global roles come from the user record; a room check adds the roles
// of the user's subscription to that room (owner, moderator, leader), so a room owner may edit
// messages in their room and nowhere else.
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace parley::store {
struct SubscriptionRecord;  // store/room_records.hpp
}  // namespace parley::store

namespace parley::chat {

// Global roles (scope "Users").
inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr std::string_view kRoleUser = "user";
inline constexpr std::string_view kRoleBot = "bot";
inline constexpr std::string_view kRoleApp = "app";
inline constexpr std::string_view kRoleGuest = "guest";
inline constexpr std::string_view kRoleAnonymous = "anonymous";
// Room roles (scope "Subscriptions"), held in SubscriptionRecord::roles.
inline constexpr std::string_view kRoleOwner = "owner";
inline constexpr std::string_view kRoleModerator = "moderator";
inline constexpr std::string_view kRoleLeader = "leader";

inline constexpr std::string_view kScopeUsers = "Users";
inline constexpr std::string_view kScopeSubscriptions = "Subscriptions";

// One IPermission document. The defaults have no group/level/section/settingId; those are set
// only on RC's per-setting permissions (level "settings", id "change-setting-<id>"), which
// parley does not generate. Empty means "omit the field".
struct PermissionEntry {
  std::string_view id;
  std::vector<std::string_view> roles;
  std::string_view group = {};
  std::string_view level = {};
  std::string_view section = {};
  std::string_view setting_id = {};
};

// One IRole document. `name` equals `id` for every default role.
struct RoleEntry {
  std::string_view id;
  std::string_view name;
  std::string_view scope;  // kScopeUsers or kScopeSubscriptions
  std::string_view description;
  bool is_protected = true;  // `protected`: default roles cannot be deleted
  bool mandatory_2fa = false;
};

// Every default permission in permissions.listAll order. EmbeddedChat reads entries by index
// (rc-api.md §6.7): [28] edit-message, [70] view-full-other-user-info, [140] post-readonly,
// [150] pin-message. The table is built so those hold; tests pin it.
const std::vector<PermissionEntry>& default_permissions();
// nullptr for an unknown id.
const PermissionEntry* find_default_permission(std::string_view id);

// Rocket.Chat's default roles, in RC's creation order.
const std::vector<RoleEntry>& default_roles();
// nullptr for an unknown id.
const RoleEntry* find_default_role(std::string_view id);

// Any role that exists now (the defaults and roles created since; not deleted ones).
bool is_known_role(std::string_view role);
// owner, moderator, leader: roles that live on a subscription, not on the user.
bool is_room_role(std::string_view role);

bool has_role(const store::UserRecord& user, std::string_view role);

// Global check: the user's own roles. An unknown permission is never granted.
bool has_permission(const store::UserRecord& user, std::string_view permission);
// Room check: the user's roles plus the roles of their subscription to the room, as RC's
// hasPermission(uid, permission, rid) does. A null subscription (not a member) is the global
// check. The subscription must be the user's own.
bool has_permission(const store::UserRecord& user, std::string_view permission,
                    const store::SubscriptionRecord* subscription);

}  // namespace parley::chat
