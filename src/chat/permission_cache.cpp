#include "chat/permission_cache.hpp"

#include <algorithm>

#include "chat/permissions.hpp"
#include "store/store.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

std::vector<store::PermissionRecord> default_permission_records() {
  std::vector<store::PermissionRecord> out;
  out.reserve(default_permissions().size());
  for (const auto& entry : default_permissions()) {
    store::PermissionRecord p;
    p.id = entry.id;
    p.roles.assign(entry.roles.begin(), entry.roles.end());
    p.group = entry.group;
    p.level = entry.level;
    p.section = entry.section;
    p.setting_id = entry.setting_id;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<store::RoleRecord> default_role_records() {
  std::vector<store::RoleRecord> out;
  for (const auto& entry : default_roles()) {
    out.push_back({std::string(entry.id), std::string(entry.name), std::string(entry.scope),
                   std::string(entry.description), entry.is_protected, entry.mandatory_2fa, 0});
  }
  return out;
}

json::array to_array(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> integer(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

json::object role_json(const store::RoleRecord& role) {
  return {{"id", role.id},
          {"name", role.name},
          {"scope", role.scope},
          {"description", role.description},
          {"protected", role.is_protected},
          {"mandatory2fa", role.mandatory_2fa},
          {"updatedAt", role.updated_at}};
}

std::optional<store::RoleRecord> role_from(const json::object& o) {
  store::RoleRecord role;
  role.id = text(o, "id");
  role.name = text(o, "name");
  role.scope = text(o, "scope");
  role.description = text(o, "description");
  const json::value* is_protected = o.if_contains("protected");
  const json::value* mandatory = o.if_contains("mandatory2fa");
  role.is_protected =
      is_protected != nullptr && is_protected->is_bool() && is_protected->get_bool();
  role.mandatory_2fa = mandatory != nullptr && mandatory->is_bool() && mandatory->get_bool();
  auto at = integer(o, "updatedAt");
  if (role.id.empty() || !at) return std::nullopt;
  role.updated_at = *at;
  return role;
}

}  // namespace

const store::PermissionRecord* PermissionCache::Snapshot::permission(std::string_view id) const {
  auto it = permission_at.find(id);
  return it == permission_at.end() ? nullptr : &permissions[it->second];
}

const store::RoleRecord* PermissionCache::Snapshot::role(std::string_view id) const {
  auto it = role_at.find(id);
  return it == role_at.end() ? nullptr : &roles[it->second];
}

const store::RoleRecord* PermissionCache::Snapshot::role_by_name(std::string_view name) const {
  auto it = std::find_if(roles.begin(), roles.end(), [&](const auto& r) { return r.name == name; });
  return it == roles.end() ? nullptr : &*it;
}

PermissionCache::PermissionCache() {
  reset_to_defaults();
}

void PermissionCache::reset_to_defaults() {
  replace(default_permission_records(), default_role_records());
}

void PermissionCache::load(store::Store& store) {
  replace(store.permissions(), store.roles());
}

void PermissionCache::replace(std::vector<store::PermissionRecord> permissions,
                              std::vector<store::RoleRecord> roles) {
  auto next = std::make_shared<Snapshot>();
  next->permissions = std::move(permissions);
  next->roles = std::move(roles);
  reindex(*next);
  std::lock_guard lock(write_mu_);
  current_.store(std::move(next));
}

void PermissionCache::reindex(Snapshot& s) {
  s.permission_at.clear();
  s.role_at.clear();
  for (size_t i = 0; i < s.permissions.size(); ++i) s.permission_at.emplace(s.permissions[i].id, i);
  for (size_t i = 0; i < s.roles.size(); ++i) s.role_at.emplace(s.roles[i].id, i);
}

bool PermissionCache::apply_permission(const store::PermissionRecord& permission) {
  std::lock_guard lock(write_mu_);
  auto now = current_.load();
  const store::PermissionRecord* held = now->permission(permission.id);
  if (held != nullptr && held->updated_at > permission.updated_at) return false;
  auto next = std::make_shared<Snapshot>(*now);
  if (held != nullptr) {
    next->permissions[now->permission_at.find(permission.id)->second] = permission;
  } else {
    // A permission this build does not know yet (a newer instance's): kept, never granted by
    // code that does not check it.
    next->permission_at.emplace(permission.id, next->permissions.size());
    next->permissions.push_back(permission);
  }
  current_.store(std::move(next));
  return true;
}

bool PermissionCache::apply_role(const store::RoleRecord& role) {
  std::lock_guard lock(write_mu_);
  auto now = current_.load();
  const store::RoleRecord* held = now->role(role.id);
  if (held != nullptr && held->updated_at > role.updated_at) return false;
  if (auto gone = now->removed_roles.find(role.id);
      gone != now->removed_roles.end() && gone->second > role.updated_at) {
    return false;  // a late copy of a role deleted since
  }
  auto next = std::make_shared<Snapshot>(*now);
  next->removed_roles.erase(role.id);
  if (held != nullptr) {
    next->roles[now->role_at.find(role.id)->second] = role;
  } else {
    next->role_at.emplace(role.id, next->roles.size());
    next->roles.push_back(role);
  }
  current_.store(std::move(next));
  return true;
}

bool PermissionCache::apply_role_removed(const store::RemovedRole& removed) {
  std::lock_guard lock(write_mu_);
  auto now = current_.load();
  const std::string& id = removed.role.id;
  const store::RoleRecord* held = now->role(id);
  if (held != nullptr && held->updated_at > removed.removed_at) return false;
  if (auto gone = now->removed_roles.find(id);
      gone != now->removed_roles.end() && gone->second >= removed.removed_at) {
    return false;
  }
  auto next = std::make_shared<Snapshot>(*now);
  next->removed_roles[id] = removed.removed_at;
  if (held != nullptr) {
    next->roles.erase(next->roles.begin() +
                      static_cast<std::ptrdiff_t>(now->role_at.find(id)->second));
    reindex(*next);
  }
  current_.store(std::move(next));
  return true;
}

json::object PermissionCache::permission_event(const store::PermissionRecord& p) {
  return {{"permission", json::object{{"id", p.id},
                                      {"roles", to_array(p.roles)},
                                      {"group", p.group},
                                      {"level", p.level},
                                      {"section", p.section},
                                      {"settingId", p.setting_id},
                                      {"updatedAt", p.updated_at}}}};
}

json::object PermissionCache::role_event(const store::RoleRecord& role) {
  return {{"role", role_json(role)}};
}

json::object PermissionCache::role_removed_event(const store::RemovedRole& removed) {
  return {{"removedRole", role_json(removed.role)}, {"removedAt", removed.removed_at}};
}

bool PermissionCache::apply_event(const json::object& event) {
  if (const json::value* p = event.if_contains("permission"); p != nullptr && p->is_object()) {
    const json::object& o = p->get_object();
    store::PermissionRecord permission;
    permission.id = text(o, "id");
    auto at = integer(o, "updatedAt");
    const json::value* roles = o.if_contains("roles");
    if (permission.id.empty() || !at || roles == nullptr || !roles->is_array()) return false;
    for (const auto& role : roles->get_array()) {
      if (!role.is_string()) return false;
      permission.roles.emplace_back(role.get_string());
    }
    permission.group = text(o, "group");
    permission.level = text(o, "level");
    permission.section = text(o, "section");
    permission.setting_id = text(o, "settingId");
    permission.updated_at = *at;
    apply_permission(permission);
    return true;
  }
  if (const json::value* r = event.if_contains("role"); r != nullptr && r->is_object()) {
    auto role = role_from(r->get_object());
    if (!role) return false;
    apply_role(*role);
    return true;
  }
  if (const json::value* r = event.if_contains("removedRole"); r != nullptr && r->is_object()) {
    auto role = role_from(r->get_object());
    auto at = integer(event, "removedAt");
    if (!role || !at) return false;
    apply_role_removed({std::move(*role), *at});
    return true;
  }
  return false;
}

bool PermissionCache::grants(std::string_view permission,
                             const std::vector<std::string>& roles) const {
  auto now = current_.load();
  const store::PermissionRecord* entry = now->permission(permission);
  if (entry == nullptr) return false;
  // Both lists are a handful of entries, so a nested scan beats building sets.
  return std::any_of(entry->roles.begin(), entry->roles.end(), [&](const std::string& granted) {
    return std::find(roles.begin(), roles.end(), granted) != roles.end();
  });
}

bool PermissionCache::is_role(std::string_view id) const {
  return current_.load()->role(id) != nullptr;
}

PermissionCache& permission_cache() {
  static PermissionCache cache;
  return cache;
}

}  // namespace parley::chat
