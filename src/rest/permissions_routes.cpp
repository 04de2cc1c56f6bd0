// permissions.listAll and roles.list (rc-api.md §6.7): chat::all_permissions() and
// chat::all_roles() as they are, in their order (EmbeddedChat reads permissions by index).
#include "chat/permissions.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// The defaults never change at run time (permissions.hpp), so every entry reads as updated at
// the epoch and any updatedSince after it yields an empty `update`.
constexpr int64_t kPermissionsUpdatedAt = 0;

json::object permission_json(const chat::PermissionEntry& entry) {
  json::array roles;
  for (auto role : entry.roles) roles.emplace_back(role);
  json::object out{{"_id", entry.id},
                   {"roles", std::move(roles)},
                   {"_updatedAt", util::iso8601(kPermissionsUpdatedAt)}};
  if (!entry.group.empty()) out["group"] = entry.group;
  if (!entry.level.empty()) out["level"] = entry.level;
  if (!entry.section.empty()) out["section"] = entry.section;
  if (!entry.setting_id.empty()) out["settingId"] = entry.setting_id;
  return out;
}

}  // namespace

net::HttpResponse permissions_list_all(Services&, RestRequest& r) {
  Reader p = r.params();
  auto since = read_iso_date(p, "updatedSince");
  if (p.error()) return failure(*p.error());
  json::array update;
  if (!since || *since < kPermissionsUpdatedAt) {
    for (const auto& entry : chat::all_permissions()) update.emplace_back(permission_json(entry));
  }
  return success({{"update", std::move(update)}, {"remove", json::array{}}});
}

net::HttpResponse roles_list(Services&, RestRequest&) {
  json::array roles;
  for (const auto& role : chat::all_roles()) {
    roles.push_back(json::object{{"_id", role.id},
                                 {"name", role.name},
                                 {"scope", role.scope},
                                 {"description", role.description},
                                 {"protected", role.is_protected},
                                 {"mandatory2fa", role.mandatory_2fa}});
  }
  return success({{"roles", std::move(roles)}});
}

}  // namespace parley::rest::handlers
