#include "chat/roles_admin.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>
#include <utility>

#include "chat/permissions.hpp"
#include "chat/room_views.hpp"
#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

Error action_not_allowed(std::string reason) {
  return domain_error("error-action-not-allowed", std::move(reason));
}

Error invalid_role_id() {
  return domain_error("error-invalid-roleId", "This role does not exist");
}

bool valid_scope(std::string_view scope) {
  return scope == kScopeUsers || scope == kScopeSubscriptions;
}

json::value date(int64_t ms, bool iso) {
  return date_value(ms, iso ? DateStyle::kIso : DateStyle::kEjson);
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

json::object permission_doc(const store::PermissionRecord& p, bool iso_dates) {
  json::array roles;
  for (const auto& role : p.roles) roles.emplace_back(role);
  json::object out{
      {"_id", p.id}, {"roles", std::move(roles)}, {"_updatedAt", date(p.updated_at, iso_dates)}};
  if (!p.group.empty()) out["group"] = p.group;
  if (!p.level.empty()) out["level"] = p.level;
  if (!p.section.empty()) out["section"] = p.section;
  if (!p.setting_id.empty()) out["settingId"] = p.setting_id;
  return out;
}

json::object role_doc(const store::RoleRecord& role, bool iso_dates, bool with_updated_at) {
  json::object out{{"_id", role.id},
                   {"name", role.name},
                   {"scope", role.scope},
                   {"description", role.description},
                   {"protected", role.is_protected},
                   {"mandatory2fa", role.mandatory_2fa}};
  if (with_updated_at) out["_updatedAt"] = date(role.updated_at, iso_dates);
  return out;
}

RolesAdmin::RolesAdmin(store::Store& store, Events& events, PermissionCache& cache)
    : store_(store), events_(events), cache_(cache) {}

RolesAdmin::~RolesAdmin() {
  if (interest_) events_.bus().unsubscribe(*interest_);
}

void RolesAdmin::listen() {
  if (interest_) return;
  // The handler holds only the cache, which outlives every bus (it is the process's), so a
  // late delivery after unsubscribe is harmless.
  PermissionCache* cache = &cache_;
  interest_ = events_.bus().subscribe(bus::kPermissionsSubject,
                                      [cache](const std::string&, const bus::Payload& payload) {
                                        boost::system::error_code ec;
                                        json::value event = json::parse(*payload, ec);
                                        if (!ec && event.is_object())
                                          cache->apply_event(event.get_object());
                                      });
}

void RolesAdmin::announce_permission(const store::PermissionRecord& permission) {
  events_.bus().publish(bus::kPermissionsSubject,
                        std::make_shared<const std::string>(
                            json::serialize(PermissionCache::permission_event(permission))));
  events_.logged_event("permissions-changed",
                       json::array{"updated", permission_doc(permission, false)});
}

void RolesAdmin::announce_role(const store::RoleRecord& role) {
  events_.bus().publish(
      bus::kPermissionsSubject,
      std::make_shared<const std::string>(json::serialize(PermissionCache::role_event(role))));
  json::object changed = role_doc(role, false);
  changed.emplace("type", "changed");
  events_.roles_event(json::array{std::move(changed)});
  events_.logged_event("roles-change",
                       json::array{json::object{{"type", "changed"}, {"_id", role.id}}});
}

void RolesAdmin::announce_role_removed(const store::RemovedRole& removed) {
  events_.bus().publish(bus::kPermissionsSubject,
                        std::make_shared<const std::string>(
                            json::serialize(PermissionCache::role_removed_event(removed))));
  json::object gone = role_doc(removed.role, false);
  gone.emplace("type", "removed");
  events_.roles_event(json::array{std::move(gone)});
}

void RolesAdmin::announce_user_role(std::string_view type, const store::RoleRecord& role,
                                    const store::UserRecord& user, std::string_view room_id) {
  json::object change{{"type", type},
                      {"_id", role.id},
                      {"u", json::object{{"_id", user.id}, {"username", user.username}}}};
  if (!room_id.empty()) change["scope"] = room_id;
  events_.logged_event("roles-change", json::array{std::move(change)});
}

Result<std::vector<store::PermissionRecord>> RolesAdmin::update_permissions(
    const store::UserRecord& actor, const std::vector<PermissionChange>& changes) {
  if (!has_permission(actor, "access-permissions")) return forbidden();
  auto now = cache_.snapshot();
  for (const auto& change : changes) {
    if (now->permission(change.id) == nullptr) {
      return api_failure("Invalid permission", "error-invalid-permission");
    }
  }
  for (const auto& change : changes) {
    for (const auto& role : change.roles) {
      if (now->role(role) == nullptr) return api_failure("Invalid role", "error-invalid-role");
    }
  }
  for (const auto& change : changes) {
    store::PermissionRecord written;
    auto status = store_.set_permission_roles(change.id, change.roles, &written,
                                              [&] { announce_permission(written); });
    // Checked against the cache just above; a permission that vanished since is the same
    // refusal RC gives for an unknown one.
    if (status != store::WriteStatus::kOk) {
      return api_failure("Invalid permission", "error-invalid-permission");
    }
    cache_.apply_permission(written);
  }
  return cache_.snapshot()->permissions;
}

Result<store::RoleRecord> RolesAdmin::create_role(const store::UserRecord& actor,
                                                  const RoleFields& fields) {
  if (!has_permission(actor, "access-permissions")) {
    return action_not_allowed("Accessing permissions is not allowed");
  }
  auto now = cache_.snapshot();
  if (now->role(fields.name) != nullptr || now->role_by_name(fields.name) != nullptr) {
    return domain_error("error-duplicate-role-names-not-allowed", "Role name already exists");
  }
  const std::string scope = fields.scope.value_or(std::string(kScopeUsers));
  if (!valid_scope(scope)) return domain_error("error-invalid-scope", "Invalid scope");
  store::RoleRecord role;
  role.id = util::random_id();
  role.name = fields.name;
  role.scope = scope;
  role.description = fields.description.value_or("");
  role.mandatory_2fa = fields.mandatory_2fa.value_or(false);
  role.is_protected = false;
  store::RoleRecord written;
  auto status = store_.insert_role(role, &written, [&] { announce_role(written); });
  if (status == store::WriteStatus::kDuplicateName || status == store::WriteStatus::kDuplicateId) {
    return domain_error("error-duplicate-role-names-not-allowed", "Role name already exists");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  cache_.apply_role(written);
  return written;
}

Result<store::RoleRecord> RolesAdmin::update_role(const store::UserRecord& actor,
                                                  std::string_view role_id,
                                                  const RoleFields& fields) {
  if (!has_permission(actor, "access-permissions")) {
    return action_not_allowed("Accessing permissions is not allowed");
  }
  auto now = cache_.snapshot();
  const store::RoleRecord* held = now->role(role_id);
  if (held == nullptr) return invalid_role_id();
  const bool renames = !fields.name.empty() && fields.name != held->name;
  const bool rescopes = fields.scope && !fields.scope->empty() && *fields.scope != held->scope;
  if (held->is_protected && (renames || rescopes)) {
    return domain_error("error-role-protected", "Role is protected");
  }
  if (!fields.name.empty()) {
    const store::RoleRecord* other = now->role_by_name(fields.name);
    if (other != nullptr && other->id != held->id) {
      return domain_error("error-duplicate-role-names-not-allowed", "Role name already exists");
    }
  }
  store::RoleRecord role = *held;
  if (!fields.name.empty()) role.name = fields.name;
  if (fields.scope && !fields.scope->empty()) {
    if (!valid_scope(*fields.scope)) return domain_error("error-invalid-scope", "Invalid scope");
    role.scope = *fields.scope;
  }
  role.description = fields.description.value_or("");  // RC: description || ''
  if (fields.mandatory_2fa) role.mandatory_2fa = *fields.mandatory_2fa;
  store::RoleRecord written;
  auto status = store_.update_role(role, &written, [&] { announce_role(written); });
  if (status == store::WriteStatus::kDuplicateName) {
    return domain_error("error-duplicate-role-names-not-allowed", "Role name already exists");
  }
  if (status == store::WriteStatus::kNotFound) return invalid_role_id();
  if (status != store::WriteStatus::kOk) return internal_error();
  cache_.apply_role(written);
  return written;
}

Status RolesAdmin::delete_role(const store::UserRecord& actor, std::string_view id_or_name) {
  if (!has_permission(actor, "access-permissions")) return forbidden();
  auto now = cache_.snapshot();
  const store::RoleRecord* held = now->role(id_or_name);
  if (held == nullptr) held = now->role_by_name(id_or_name);
  if (held == nullptr) return invalid_role_id();
  if (held->is_protected)
    return domain_error("error-role-protected", "Cannot delete a protected role");
  const int64_t in_use = held->scope == kScopeSubscriptions
                             ? store_.count_subscriptions_in_role(held->id)
                             : store_.count_users_in_role(held->id, false);
  if (in_use > 0)
    return domain_error("error-role-in-use", "Cannot delete role because it's in use");
  store::RemovedRole removed;
  auto status = store_.delete_role(held->id, &removed, [&] { announce_role_removed(removed); });
  if (status == store::WriteStatus::kNotFound) return invalid_role_id();
  if (status != store::WriteStatus::kOk) return internal_error();
  cache_.apply_role_removed(removed);
  return Ok{};
}

bool RolesAdmin::user_has_role(const store::UserRecord& user, const store::RoleRecord& role,
                               std::string_view room_id) {
  if (role.scope == kScopeSubscriptions && !room_id.empty()) {
    auto subscription = store_.subscription(room_id, user.id);
    return subscription && contains(subscription->roles, role.id);
  }
  return contains(user.roles, role.id);
}

Result<store::UserRecord> RolesAdmin::set_user_role(const store::RoleRecord& role,
                                                    const store::UserRecord& user,
                                                    std::string_view room_id, bool granted) {
  // RC's addUserRoles / removeUserFromRoles: a room role with a room lives on the subscription;
  // anything else (a Users role, or a room role without a room) on the user.
  if (role.scope == kScopeSubscriptions && !room_id.empty()) {
    store::SubscriptionRecord written;
    auto status = store_.modify_subscription(
        room_id, user.id,
        [&](store::SubscriptionRecord& s) {
          const bool held = contains(s.roles, role.id);
          if (held == granted) return false;
          if (granted) {
            s.roles.push_back(role.id);
          } else {
            std::erase(s.roles, role.id);
          }
          return true;
        },
        &written);
    if (status == store::WriteStatus::kOk) {
      auto room = store_.room_by_id(room_id);
      events_.user_event(
          user.id, "subscriptions-changed",
          json::array{"updated", subscription_view(written, room ? &*room : nullptr)});
    }
    return user;
  }
  store::UserRecord written;
  auto status = store_.modify_user(
      user.id,
      [&](store::UserRecord& u) {
        const bool held = contains(u.roles, role.id);
        if (held == granted) return false;
        if (granted) {
          u.roles.push_back(role.id);
        } else {
          std::erase(u.roles, role.id);
        }
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-user", "Invalid user");
  }
  return status == store::WriteStatus::kOk ? written : user;
}

Result<UserRoleChange> RolesAdmin::add_user_to_role(const store::UserRecord& actor,
                                                    std::string_view role_id,
                                                    const store::UserRecord& user,
                                                    std::string_view room_id) {
  if (role_id.empty()) return plain_failure("error-invalid-role-properties");
  auto now = cache_.snapshot();
  const store::RoleRecord* role = now->role(role_id);
  if (role == nullptr) return api_failure("error-role-not-found", "Role not found");
  if (user_has_role(user, *role, room_id)) {
    return domain_error("error-user-already-in-role", "User already in role");
  }
  if (!has_permission(actor, "access-permissions")) {
    return action_not_allowed("Accessing permissions is not allowed");
  }
  if (role->id == kRoleAdmin && !has_permission(actor, "assign-admin-role")) {
    return action_not_allowed("Assigning admin is not allowed");
  }
  // RC's canAddUserToRole: a room role needs the user to be in the room.
  if (!room_id.empty() && role->scope == kScopeSubscriptions &&
      !store_.subscription(room_id, user.id)) {
    return domain_error("error-invalid-user", "User is not part of given room");
  }
  auto written = set_user_role(*role, user, room_id, true);
  if (!written) return written.error();
  announce_user_role("added", *role, *written, room_id);
  return UserRoleChange{*role, std::move(*written)};
}

Result<UserRoleChange> RolesAdmin::remove_user_from_role(const store::UserRecord& actor,
                                                         std::string_view role_id,
                                                         std::string_view username,
                                                         std::string_view room_id) {
  if (!has_permission(actor, "access-permissions")) return forbidden();
  if (role_id.empty()) return plain_failure("error-invalid-role-properties");
  auto user = store_.user_by_username(username);
  if (!user) return domain_error("error-invalid-user", "There is no user with this username");
  auto now = cache_.snapshot();
  const store::RoleRecord* role = now->role(role_id);
  if (role == nullptr) return invalid_role_id();
  if (!user_has_role(*user, *role, room_id)) {
    return domain_error("error-user-not-in-role", "User is not in this role");
  }
  if (role->id == kRoleAdmin && store_.count_users_in_role(kRoleAdmin, false) == 1) {
    return domain_error("error-admin-required", "You need to have at least one admin");
  }
  auto written = set_user_role(*role, *user, room_id, false);
  if (!written) return written.error();
  announce_user_role("removed", *role, *written, room_id);
  return UserRoleChange{*role, std::move(*written)};
}

}  // namespace parley::chat
