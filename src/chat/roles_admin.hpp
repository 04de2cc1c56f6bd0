#pragma once
// DESIGN: what an administrator changes about permissions and roles (issue 11, item 1), with
// Rocket.Chat 7's rules and refusals (app/api/server/v1/permissions.ts and roles.ts,
// ee/server/api/roles.ts and ee/server/lib/roles/*, authorization/server/methods/
// addUserToRole.ts, server/lib/roles/removeUserFromRoles.ts). roles.create and roles.update are
// an enterprise feature in RC; parley answers them as a licensed RC does.
//
// Every change goes: store (the write stamp orders it) -> this instance's PermissionCache at once
// (so the next call, even on another worker, sees it) -> from the store's after-commit hook, in
// commit order: the change on bus subject "permissions", which every instance's cache applies
// (listen()), and what RC's clients hear on stream-notify-logged / stream-roles:
//   permissions.update  permissions-changed ["updated", permission]   (one per permission)
//   roles.create        roles ["roles", {type:"changed", ...role}] and roles-change
//                       [{type:"changed", _id}]
//   roles.update        the same
//   roles.delete        roles [{type:"removed", ...role}]
//   add/removeUserToRole roles-change [{type:"added"|"removed", _id, u:{_id, username}, scope?}]
//                       and, for a room role, the member's subscriptions-changed.
// RC sends roles-change only while UI_DisplayRoles is on (its default); parley has no such
// setting yet and always sends it. Workers only (store calls).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bus/bus.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/permission_cache.hpp"
#include "store/store.hpp"

namespace parley::chat {

struct PermissionChange {
  std::string id;
  std::vector<std::string> roles;
};

// roles.create / roles.update fields; absent ones keep their value (update) or default.
struct RoleFields {
  std::string name;
  std::optional<std::string> scope;
  std::optional<std::string> description;
  std::optional<bool> mandatory_2fa;
};

// A user and the role they hold, as roles.addUserToRole and removeUserFromRole answer it.
struct UserRoleChange {
  store::RoleRecord role;
  store::UserRecord user;
};

class RolesAdmin {
 public:
  RolesAdmin(store::Store& store, Events& events, PermissionCache& cache);
  ~RolesAdmin();
  RolesAdmin(const RolesAdmin&) = delete;
  RolesAdmin& operator=(const RolesAdmin&) = delete;

  // Subscribes the cache to bus::kPermissionsSubject for this object's life: changes made on
  // any instance reach this one's cache.
  void listen();

  // permissions.update. Every id and every role must exist, or nothing changes. Returns every
  // permission afterwards, in listAll order.
  Result<std::vector<store::PermissionRecord>> update_permissions(
      const store::UserRecord& actor, const std::vector<PermissionChange>& changes);
  Result<store::RoleRecord> create_role(const store::UserRecord& actor, const RoleFields& fields);
  Result<store::RoleRecord> update_role(const store::UserRecord& actor, std::string_view role_id,
                                        const RoleFields& fields);
  // By id or by name, as RC's roles.delete.
  Status delete_role(const store::UserRecord& actor, std::string_view id_or_name);
  // `room_id` empty: the user's own roles; otherwise their subscription to the room (for a
  // Subscriptions role; a Users role ignores it, as in RC).
  Result<UserRoleChange> add_user_to_role(const store::UserRecord& actor, std::string_view role_id,
                                          const store::UserRecord& user, std::string_view room_id);
  Result<UserRoleChange> remove_user_from_role(const store::UserRecord& actor,
                                               std::string_view role_id, std::string_view username,
                                               std::string_view room_id);
  // Whether the user holds the role: in the room for a Subscriptions role with a room, else
  // among their own roles (RC's hasRole / hasAnyRole).
  bool user_has_role(const store::UserRecord& user, const store::RoleRecord& role,
                     std::string_view room_id);

 private:
  void announce_permission(const store::PermissionRecord& permission);
  void announce_role(const store::RoleRecord& role);
  void announce_role_removed(const store::RemovedRole& removed);
  void announce_user_role(std::string_view type, const store::RoleRecord& role,
                          const store::UserRecord& user, std::string_view room_id);
  Result<store::UserRecord> set_user_role(const store::RoleRecord& role,
                                          const store::UserRecord& user, std::string_view room_id,
                                          bool granted);

  store::Store& store_;
  Events& events_;
  PermissionCache& cache_;
  std::optional<bus::InterestId> interest_;
};

// RC's IPermission and IRole documents, dates in the given style ({$date} for DDP events, ISO
// for REST: see user_views.hpp's DateStyle).
boost::json::object permission_doc(const store::PermissionRecord& permission, bool iso_dates);
boost::json::object role_doc(const store::RoleRecord& role, bool iso_dates,
                             bool with_updated_at = true);

}  // namespace parley::chat
