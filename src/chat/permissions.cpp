#include "chat/permissions.hpp"

#include <algorithm>
#include <cassert>
#include <string>
#include <unordered_map>

#include "chat/permission_cache.hpp"
#include "store/room_records.hpp"

namespace parley::chat {
namespace {

// Keys view the static tables, so lookups by string_view allocate nothing. Built on first use;
// C++ guarantees a function-local static is initialized once even under concurrent first calls.
template <typename Entry>
std::unordered_map<std::string_view, const Entry*> index_by_id(const std::vector<Entry>& table) {
  std::unordered_map<std::string_view, const Entry*> index;
  index.reserve(table.size());
  for (const auto& entry : table) {
    [[maybe_unused]] bool inserted = index.emplace(entry.id, &entry).second;
    assert(inserted && "duplicate id in a permission or role table");
  }
  return index;
}

const std::unordered_map<std::string_view, const PermissionEntry*>& permission_index() {
  static const auto kIndex = index_by_id(default_permissions());
  return kIndex;
}

const std::unordered_map<std::string_view, const RoleEntry*>& role_index() {
  static const auto kIndex = index_by_id(default_roles());
  return kIndex;
}

bool contains(const std::vector<std::string>& roles, std::string_view role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

}  // namespace

const PermissionEntry* find_default_permission(std::string_view id) {
  const auto& index = permission_index();
  auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

const RoleEntry* find_default_role(std::string_view id) {
  const auto& index = role_index();
  auto it = index.find(id);
  return it == index.end() ? nullptr : it->second;
}

bool is_known_role(std::string_view role) {
  return permission_cache().is_role(role);
}

bool is_room_role(std::string_view role) {
  return role == kRoleOwner || role == kRoleModerator || role == kRoleLeader;
}

bool has_role(const store::UserRecord& user, std::string_view role) {
  return contains(user.roles, role);
}

bool has_permission(const store::UserRecord& user, std::string_view permission) {
  return permission_cache().grants(permission, user.roles);
}

// RC's AuthorizationService unions the user's roles with every role on the subscription; it
// does not filter by the role's scope, and neither does this.
bool has_permission(const store::UserRecord& user, std::string_view permission,
                    const store::SubscriptionRecord* subscription) {
  const PermissionCache& cache = permission_cache();
  if (cache.grants(permission, user.roles)) return true;
  if (subscription == nullptr) return false;
  assert((subscription->user_id.empty() || user.id.empty() || subscription->user_id == user.id) &&
         "room permission checked against another user's subscription");
  return cache.grants(permission, subscription->roles);
}

}  // namespace parley::chat
