// permissions.listAll and permissions.update (rc-api.md §6.7; RC 7's
// apps/meteor/app/api/server/v1/permissions.ts). The list is the process's permission cache
// (chat/permission_cache.hpp), in listAll order: EmbeddedChat reads permissions by index.
#include "chat/permissions.hpp"
#include "chat/roles_admin.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

json::array permission_list(const std::vector<store::PermissionRecord>& permissions,
                            std::optional<int64_t> updated_after = std::nullopt) {
  json::array out;
  for (const auto& p : permissions) {
    if (updated_after && p.updated_at <= *updated_after) continue;  // RC: _updatedAt $gt
    out.emplace_back(chat::permission_doc(p, true));
  }
  return out;
}

// The body RC's schema accepts: {permissions: [{_id: string, roles: [unique strings]}]}, no
// other field anywhere. The message is ajv's, as RC answers it.
std::optional<std::string> read_changes(const json::object& body,
                                        std::vector<chat::PermissionChange>& out) {
  const json::value* list = body.if_contains("permissions");
  if (list == nullptr) return "must have required property 'permissions'";
  if (body.size() != 1) return "must NOT have additional properties";
  if (!list->is_array()) return "must be array";
  for (const auto& item : list->get_array()) {
    if (!item.is_object()) return "must be object";
    const json::object& o = item.get_object();
    const json::value* id = o.if_contains("_id");
    const json::value* roles = o.if_contains("roles");
    if (id == nullptr) return "must have required property '_id'";
    if (roles == nullptr) return "must have required property 'roles'";
    if (o.size() != 2) return "must NOT have additional properties";
    if (!id->is_string()) return "must be string";
    if (!roles->is_array()) return "must be array";
    chat::PermissionChange change;
    change.id = std::string(id->get_string());
    for (const auto& role : roles->get_array()) {
      if (!role.is_string()) return "must be string";
      std::string name(role.get_string());
      if (std::find(change.roles.begin(), change.roles.end(), name) != change.roles.end()) {
        return "must NOT have duplicate items";
      }
      change.roles.push_back(std::move(name));
    }
    out.push_back(std::move(change));
  }
  return std::nullopt;
}

}  // namespace

net::HttpResponse permissions_list_all(Services&, RestRequest& r) {
  Reader p = r.params();
  auto since = read_iso_date(p, "updatedSince");
  if (p.error()) {
    return failure(
        chat::domain_error("error-roomId-param-invalid",
                           "The \"updatedSince\" query parameter must be a valid date."));
  }
  auto snapshot = chat::permission_cache().snapshot();
  // RC's permissionsGetMethod: removed permissions would be in `remove`; parley never removes
  // one (a permission unknown to the code stays, granted to nobody who is not listed).
  return success(
      {{"update", permission_list(snapshot->permissions, since)}, {"remove", json::array{}}});
}

net::HttpResponse permissions_update(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  // permissionsRequired: checked before the body, as RC's router does.
  if (!chat::has_permission(r.me(), "access-permissions")) return failure(chat::forbidden());
  std::vector<chat::PermissionChange> changes;
  if (auto bad = read_changes(r.body, changes)) return failure(chat::invalid_params(*bad));
  auto all = s.roles_admin->update_permissions(r.me(), changes);
  if (!all) return failure(all.error());
  return success({{"permissions", permission_list(*all)}});
}

}  // namespace parley::rest::handlers
