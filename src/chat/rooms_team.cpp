// Rooms: the membership changes chat/teams makes (RC's addUserToRoom and removeUserFromRoom as
// the team service calls them), and room roles set from team roles.
#include <boost/json/array.hpp>

#include "chat/rooms.hpp"

namespace parley::chat {

Result<bool> Rooms::add_to_room(const store::UserRecord& inviter, const store::RoomRecord& room,
                                const store::UserRecord& target) {
  if (access_.is_member(room, target)) return false;
  auto added = add_member(room, target, clock_.now_ms(), false, &inviter);
  if (!added) return added.error();
  auto notice = inviter.id == target.id
                    ? messages_.post_system(room, target, "uj", target.username)
                    : messages_.post_system(room, inviter, "au", target.username);
  if (!notice) return notice.error();
  return true;
}

Status Rooms::remove_from_room(const store::RoomRecord& room, const store::UserRecord& target,
                               const store::UserRecord* by) {
  auto removed = remove_member(room, target);
  if (!removed) return removed;
  auto notice = by != nullptr ? messages_.post_system(room, *by, "ru", target.username)
                              : messages_.post_system(room, target, "ul", target.username);
  if (!notice) return notice.error();
  return Ok{};
}

Status Rooms::set_subscription_roles(const store::RoomRecord& room, std::string_view user_id,
                                     const std::vector<std::string>& roles) {
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room.id, user_id,
      [&](store::SubscriptionRecord& s) {
        if (s.roles == roles) return false;
        s.roles = roles;
        return true;
      },
      &written);
  if (status == store::WriteStatus::kOk) tell_subscription(written, "updated");
  if (status == store::WriteStatus::kOk || status == store::WriteStatus::kUnchanged ||
      status == store::WriteStatus::kNotFound) {
    return Ok{};
  }
  return internal_error();
}

}  // namespace parley::chat
