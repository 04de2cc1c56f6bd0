#pragma once
// DESIGN: what an administrator does to other users' accounts (issue 9, defect 7), with
// Rocket.Chat's rules (app/lib/server/functions/setUserActiveStatus.ts, saveUser/*.ts,
// deleteUser.ts and server/methods/deleteUser.ts):
//  - setActiveStatus: `edit-other-user-active-status` (or `manage-moderation-actions`); the
//    last active admin cannot be deactivated; a user who would leave rooms without an owner (or
//    alone) is refused with `user-last-owner` unless confirmRelinquish, and with it the
//    longest-standing other active member becomes an owner; deactivation removes
//    every login token, which ends the user's sessions (Accounts::revoke_all_tokens).
//  - update: `edit-other-user-info` for someone else, `assign-roles` to change roles,
//    `assign-admin-role` to grant admin, `edit-other-user-password` for a password (without it
//    the password is ignored, as in RC); a password set this way removes every token. A new
//    username or name is announced as `Users:NameChanged`.
//  - delete: `delete-user`; never the last admin nor an app user; the user's tokens, emails and
//    subscriptions go with the row, and `Users:Deleted` is announced.
// Workers only (store calls). The store counters follow `active` and deletions by triggers.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/accounts.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/membership_cache.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// users.update's `data`: only the fields present change.
struct UserUpdate {
  std::optional<std::string> username;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> active;
  std::optional<bool> verified;
  std::optional<bool> require_password_change;
};

class UserAdmin {
 public:
  // `members` (may be null in tests) forgets a deleted user's memberships.
  UserAdmin(store::Store& store, const util::Clock& clock, Accounts& accounts, Events& events,
            MembershipCache* members = nullptr);

  // kNotFound-like failures carry the reason RC answers; the caller shapes the body.
  Result<store::UserRecord> set_active(const store::UserRecord& actor, std::string_view user_id,
                                       bool active, bool confirm_relinquish);
  Result<store::UserRecord> update(const store::UserRecord& actor, std::string_view user_id,
                                   const UserUpdate& data, bool confirm_relinquish);
  Status remove(const store::UserRecord& actor, const UserSelector& who, bool confirm_relinquish);
  // users.deleteOwnAccount (RC's deleteUserOwnAccount): `password_digest` is the SHA-256 hex
  // of the password (of the username, for users without one). Accounts_AllowDeleteOwnAccount
  // is the caller's check. The same rules as remove() then apply (last admin, last owner).
  Status remove_own(const store::UserRecord& me, std::string_view password_digest,
                    bool confirm_relinquish);

  // Called with the user as it was, once its row is gone: how what lives outside the store
  // (an uploaded avatar's blob) goes too, without UserAdmin knowing about blobs. Set once,
  // before any remove.
  void on_deleted(std::function<void(const store::UserRecord&)> hook) {
    deleted_hook_ = std::move(hook);
  }

 private:
  // A room the user would leave without an owner (or alone in), and who inherits it.
  struct OwnedRoom {
    std::string room_id;
    std::string new_owner;  // empty: nobody to inherit it
  };
  // RC's getSubscribedRoomsForUserWithDetails + shouldRemoveOrChangeOwner.
  std::vector<OwnedRoom> rooms_left_ownerless(const std::string& user_id);
  // Those rooms, or `user-last-owner` when there are some and confirmRelinquish is not set.
  Result<std::vector<OwnedRoom>> check_last_owner(const std::string& user_id,
                                                  bool confirm_relinquish);
  // What deactivating `user` must respect: the last active admin, and sole room owners.
  Result<std::vector<OwnedRoom>> check_deactivation(const store::UserRecord& user,
                                                    bool confirm_relinquish);
  // What remove and remove_own share once the user is found and allowed to go.
  Status erase(const store::UserRecord& user, bool confirm_relinquish);
  // RC's relinquishRoomOwnerships, the part parley does: the heir becomes an owner.
  void hand_over(const std::vector<OwnedRoom>& rooms);

  store::Store& store_;
  const util::Clock& clock_;
  Accounts& accounts_;
  Events& events_;
  MembershipCache* members_;
  std::function<void(const store::UserRecord&)> deleted_hook_;
};

}  // namespace parley::chat
