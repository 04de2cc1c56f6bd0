#include "chat/user_admin.hpp"

#include <algorithm>
#include <cctype>

#include "chat/password.hpp"
#include "chat/permissions.hpp"
#include "chat/user_data_events.hpp"
#include "util/hash.hpp"

namespace parley::chat {
namespace {

bool has_room_role(const store::SubscriptionRecord& s, std::string_view role) {
  return std::ranges::find(s.roles, role) != s.roles.end();
}

Error not_allowed(std::string reason) {
  return domain_error("error-action-not-allowed", std::move(reason));
}

}  // namespace

UserAdmin::UserAdmin(store::Store& store, const util::Clock& clock, Accounts& accounts,
                     Events& events, MembershipCache* members)
    : store_(store), clock_(clock), accounts_(accounts), events_(events), members_(members) {}

std::vector<UserAdmin::OwnedRoom> UserAdmin::rooms_left_ownerless(const std::string& user_id) {
  std::vector<OwnedRoom> rooms;
  for (const auto& mine : store_.subscriptions_of_user(user_id, std::nullopt)) {
    if (mine.room_type == "d") continue;  // RC leaves DMs out of this check
    auto members = store_.room_members(mine.room_id, 0, 0).subscriptions;
    if (!has_room_role(mine, kRoleOwner)) {
      if (members.size() == 1) rooms.push_back({mine.room_id, {}});  // alone in the room
      continue;
    }
    auto owners = std::ranges::count_if(
        members, [](const store::SubscriptionRecord& s) { return has_room_role(s, kRoleOwner); });
    if (owners != 1) continue;
    // The only owner: the longest-standing other active member inherits it, as in RC; with
    // nobody to inherit, RC would delete the room (parley leaves it; see architecture.md).
    std::ranges::sort(members, {}, &store::SubscriptionRecord::created_at);
    OwnedRoom room{mine.room_id, {}};
    for (const auto& member : members) {
      if (member.user_id == user_id) continue;
      if (auto candidate = store_.user_by_id(member.user_id); candidate && candidate->active) {
        room.new_owner = member.user_id;
        break;
      }
    }
    rooms.push_back(std::move(room));
  }
  return rooms;
}

Result<std::vector<UserAdmin::OwnedRoom>> UserAdmin::check_last_owner(const std::string& user_id,
                                                                      bool confirm_relinquish) {
  auto rooms = rooms_left_ownerless(user_id);
  if (rooms.empty() || confirm_relinquish) return rooms;
  // RC's details are the rooms themselves; an Error's details are an object, so they are
  // listed under "rooms".
  Error error = domain_error("user-last-owner", "");
  boost::json::array ids;
  for (auto& room : rooms) ids.emplace_back(room.room_id);
  error.details["rooms"] = std::move(ids);
  return error;
}

void UserAdmin::hand_over(const std::vector<OwnedRoom>& rooms) {
  for (const auto& room : rooms) {
    if (room.new_owner.empty()) continue;
    // The store stamps updated_at itself.
    store_.modify_subscription(room.room_id, room.new_owner, [](store::SubscriptionRecord& s) {
      if (has_room_role(s, kRoleOwner)) return false;
      s.roles.emplace_back(kRoleOwner);
      return true;
    });
  }
}

Result<store::UserRecord> UserAdmin::set_active(const store::UserRecord& actor,
                                                std::string_view user_id, bool active,
                                                bool confirm_relinquish) {
  if (!has_permission(actor, "edit-other-user-active-status") &&
      !has_permission(actor, "manage-moderation-actions")) {
    return forbidden();
  }
  auto user = store_.user_by_id(user_id);
  if (!user) return plain_failure("User not found");
  std::vector<OwnedRoom> relinquished;
  if (!active) {
    auto owned = check_deactivation(*user, confirm_relinquish);
    if (!owned) return owned.error();
    relinquished = std::move(owned.value());
  }
  if (user->active != active) {
    const int64_t now = clock_.now_ms();
    store::UserRecord written;
    auto status = store_.modify_user(
        user->id,
        [&](store::UserRecord& u) {
          u.active = active;
          u.updated_at = std::max(u.updated_at, now);
          return true;
        },
        &written);
    if (status == store::WriteStatus::kNotFound) return plain_failure("User not found");
    if (status != store::WriteStatus::kOk) return internal_error();
    user = std::move(written);
    publish_user_data(events_, user->id, boost::json::object{{"active", active}});
  }
  // RC unsets the tokens on every deactivation, even of an inactive user.
  if (!active) {
    hand_over(relinquished);
    accounts_.revoke_all_tokens(user->id);
  }
  return std::move(*user);
}

Result<store::UserRecord> UserAdmin::update(const store::UserRecord& actor,
                                            std::string_view user_id, const UserUpdate& data,
                                            bool confirm_relinquish) {
  const bool myself = actor.id == user_id;
  // validateUserData, in RC's order.
  if (data.verified && *data.verified && myself) {
    return not_allowed("Editing email verification is not allowed");
  }
  if (!myself && !has_permission(actor, "edit-other-user-info")) {
    return not_allowed("Editing user is not allowed");
  }
  if (data.roles) {
    for (const auto& role : *data.roles) {
      if (!is_known_role(role)) return not_allowed("The field Roles consist invalid role id");
    }
    if (std::ranges::find(*data.roles, kRoleAdmin) != data.roles->end() &&
        !has_permission(actor, "assign-admin-role")) {
      return not_allowed("Assigning admin is not allowed");
    }
  }
  if (data.username && !is_valid_username(*data.username)) {
    return domain_error("error-input-is-not-a-valid-field",
                        *data.username + " is not a valid username");
  }
  // validateUserEditing.
  auto user = store_.user_by_id(user_id);
  if (!user) return domain_error("error-invalid-user", "Invalid user");
  if (data.roles) {
    auto sorted = [](std::vector<std::string> v) {
      std::ranges::sort(v);
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    if (sorted(*data.roles) != sorted(user->roles) && !has_permission(actor, "assign-roles")) {
      return not_allowed("Assign roles is not allowed");
    }
    // Stricter than RC, whose saveUser lets the last admin lose `admin` (only deleteUser and
    // removeUserFromRole check): nobody could administer the server afterwards.
    const bool drops_admin = has_role(*user, kRoleAdmin) &&
                             std::ranges::find(*data.roles, kRoleAdmin) == data.roles->end();
    if (drops_admin && store_.count_users_in_role(kRoleAdmin, false) <= 1) {
      return not_allowed("Leaving the app without admins is not allowed");
    }
  }
  if (data.email && !is_valid_email(*data.email)) {
    return domain_error("error-invalid-email", "Invalid email " + *data.email);
  }
  // RC sets a password only for holders of edit-other-user-password (themselves included) and
  // ignores it otherwise.
  std::string new_hash;
  if (data.password && !data.password->empty() &&
      has_permission(actor, "edit-other-user-password")) {
    new_hash = hash_password_digest(util::sha256_hex(*data.password), accounts_.hash_cost());
  }
  // Who becomes inactive is checked before anything is written, so a refusal changes nothing.
  const bool deactivating = data.active && !*data.active;
  std::vector<OwnedRoom> relinquished;
  if (data.active) {
    if (!has_permission(actor, "edit-other-user-active-status") &&
        !has_permission(actor, "manage-moderation-actions")) {
      return domain_error("error-not-allowed", "Not allowed");
    }
    if (deactivating) {
      auto owned = check_deactivation(*user, confirm_relinquish);
      if (!owned) return owned.error();
      relinquished = std::move(owned.value());
    }
  }

  const int64_t now = clock_.now_ms();
  store::UserRecord written;
  auto status = store_.modify_user(
      user->id,
      [&](store::UserRecord& u) {
        if (data.username) u.username = *data.username;
        if (data.name) u.name = *data.name;
        if (data.email) {
          u.emails = {{lowercase(*data.email), data.verified.value_or(false)}};
        } else if (data.verified && !u.emails.empty()) {
          u.emails[0].verified = *data.verified;
        }
        if (!new_hash.empty()) u.password_hash = new_hash;
        if (data.roles) {
          u.roles = *data.roles;
          if (u.type != "app") u.type = has_role(u, kRoleBot) ? "bot" : "user";
        }
        if (data.require_password_change) u.require_password_change = *data.require_password_change;
        if (data.active) u.active = *data.active;
        u.updated_at = std::max(u.updated_at, now);
        return true;
      },
      &written);
  if (auto ok = user_write_status(status, data.email); !ok) return ok.error();
  // A new password or a deactivation logs every session out (RC: setPasswordUpdater's
  // logout, setUserActiveStatus's unsetLoginTokens).
  if (deactivating) hand_over(relinquished);
  if (!new_hash.empty() || deactivating) accounts_.revoke_all_tokens(written.id);
  publish_user_data(events_, written.id, user_data_diff(*user, written));
  if (written.username != user->username || written.name != user->name) {
    events_.logged_event(
        "Users:NameChanged",
        boost::json::array{boost::json::object{
            {"_id", written.id}, {"name", written.name}, {"username", written.username}}});
  }
  return written;
}

Result<std::vector<UserAdmin::OwnedRoom>> UserAdmin::check_deactivation(
    const store::UserRecord& user, bool confirm_relinquish) {
  // setUserActiveStatus.ts: the last active admin stays, and so do sole owners unless told.
  if (has_role(user, kRoleAdmin) && user.active &&
      store_.count_users_in_role(kRoleAdmin, true) <= 1) {
    return not_allowed("Leaving the app without an active admin is not allowed");
  }
  return check_last_owner(user.id, confirm_relinquish);
}

Status UserAdmin::remove(const store::UserRecord& actor, const UserSelector& who,
                         bool confirm_relinquish) {
  if (!has_permission(actor, "delete-user")) return forbidden();
  if (who.empty()) {
    return domain_error("error-user-param-not-provided",
                        "The required \"userId\" or \"username\" param was not provided");
  }
  std::optional<store::UserRecord> user;
  if (!who.id.empty()) {
    user = store_.user_by_id(who.id);
  } else {
    user = store_.user_by_username(who.username);
  }
  if (!user) {
    return domain_error("error-invalid-user",
                        "The required \"userId\" or \"username\" param provided does not match "
                        "any users");
  }
  if (user->type == "app") {
    return domain_error("error-cannot-delete-app-user", "Deleting app user is not allowed");
  }
  return erase(*user, confirm_relinquish);
}

Status UserAdmin::remove_own(const store::UserRecord& me, std::string_view password_digest,
                             bool confirm_relinquish) {
  auto fail = [](std::string code, std::string reason) {
    Error e = domain_error(std::move(code), std::move(reason));
    e.details["method"] = "deleteUserOwnAccount";
    return e;
  };
  auto user = store_.user_by_id(me.id);
  if (!user) return fail("error-invalid-user", "Invalid user");
  if (!user->password_hash.empty()) {
    if (!verify_password_digest(normalise_digest(password_digest), user->password_hash)) {
      return fail("error-invalid-password", "Invalid password");
    }
  } else if (util::sha256_hex(user->username) != password_digest) {
    // RC: without a password, the SHA-256 of one's username confirms.
    return fail("error-invalid-username", "Invalid username");
  }
  return erase(*user, confirm_relinquish);
}

Status UserAdmin::erase(const store::UserRecord& found, bool confirm_relinquish) {
  std::optional<store::UserRecord> user = found;
  // server/methods/deleteUser.ts counts admins whether active or not.
  if (has_role(*user, kRoleAdmin) && store_.count_users_in_role(kRoleAdmin, false) <= 1) {
    return not_allowed("Leaving the app without admins is not allowed");
  }
  auto owned = check_last_owner(user->id, confirm_relinquish);
  if (!owned) return owned.error();
  hand_over(owned.value());

  // Sessions end first: a connection must not act for a user who is being deleted.
  accounts_.revoke_all_tokens(user->id);
  const auto subscriptions = store_.subscriptions_of_user(user->id, std::nullopt);
  auto status = store_.delete_user(user->id);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-user", "Invalid user to delete");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  // And again once the row is gone: a password login that finished between the first
  // revocation and the delete got a token the delete removed without telling its session.
  accounts_.revoke_all_tokens(user->id);
  // The rooms' read rules must not keep counting the user in (as after a kick).
  if (members_ != nullptr) {
    for (const auto& s : subscriptions) members_->remove(s.room_id, user->id);
  }
  // Messages are kept (RC's Message_ErasureType "Keep"): parley has no bulk message erasure
  // yet, so announcing "Delete" would make clients hide messages the server still serves.
  events_.logged_event("Users:Deleted", boost::json::array{boost::json::object{
                                            {"userId", user->id}, {"messageErasureType", "Keep"}}});
  if (deleted_hook_) deleted_hook_(*user);
  return Ok{};
}

}  // namespace parley::chat
