#include "chat/permissions.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace parley::chat {
namespace {

struct Grant {
  std::string_view permission;
  std::initializer_list<std::string_view> roles;
};

// Rocket.Chat's defaults for the permissions parley checks so far.
const std::array kGrants = {
    Grant{"create-user", {kRoleAdmin}},
    Grant{"view-full-other-user-info", {kRoleAdmin}},
    Grant{"view-other-user-channels", {kRoleAdmin}},
    Grant{"view-d-room", {kRoleAdmin, kRoleUser, kRoleBot}},
    Grant{"api-bypass-rate-limit", {kRoleAdmin, kRoleBot}},
    Grant{"send-many-messages", {kRoleAdmin, kRoleBot}},
    Grant{"view-statistics", {kRoleAdmin}},
};

}  // namespace

bool is_known_role(std::string_view role) {
  return role == kRoleAdmin || role == kRoleUser || role == kRoleBot;
}

bool has_role(const store::UserRecord& user, std::string_view role) {
  return std::find(user.roles.begin(), user.roles.end(), role) != user.roles.end();
}

bool has_permission(const store::UserRecord& user, std::string_view permission) {
  for (const auto& grant : kGrants) {
    if (grant.permission != permission) continue;
    return std::any_of(grant.roles.begin(), grant.roles.end(),
                       [&](std::string_view role) { return has_role(user, role); });
  }
  return false;
}

}  // namespace parley::chat
