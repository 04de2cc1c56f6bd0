#pragma once
// Permissions and roles as the store holds them (migration 0008): Rocket.Chat's IPermission and
// IRole, without SQL types.
#include <cstdint>
#include <string>
#include <vector>

namespace parley::store {

// One permission: which roles hold it. group/level/section/setting_id are empty unless set
// (RC sets them only on its per-setting permissions, which parley does not generate).
struct PermissionRecord {
  std::string id;  // "create-c"
  std::vector<std::string> roles;
  std::string group;
  std::string level;
  std::string section;
  std::string setting_id;
  int64_t updated_at = 0;  // the write stamp of the last change; 0 for an untouched default
};

// One role. Scope "Users" lives on the user, "Subscriptions" on a room subscription.
struct RoleRecord {
  std::string id;
  std::string name;
  std::string scope;
  std::string description;
  bool is_protected = false;
  bool mandatory_2fa = false;
  int64_t updated_at = 0;  // the write stamp of the last change; 0 for a default
};

// A deleted role, for roles.sync's `remove`.
struct RemovedRole {
  RoleRecord role;
  int64_t removed_at = 0;  // the write stamp of the deletion
};

}  // namespace parley::store
