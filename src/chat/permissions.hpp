#pragma once
// Which roles hold which permission, with Rocket.Chat's names. Checked in chat/ only, never in
// a transport. Issue 3 grows this table (room permissions, room-scoped roles) and exposes it
// through permissions.listAll / roles.list.
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace parley::chat {

inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr std::string_view kRoleUser = "user";
inline constexpr std::string_view kRoleBot = "bot";

bool is_known_role(std::string_view role);
bool has_role(const store::UserRecord& user, std::string_view role);
bool has_permission(const store::UserRecord& user, std::string_view permission);

}  // namespace parley::chat
