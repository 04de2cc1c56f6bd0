#include "chat/room_access.hpp"

#include "chat/permissions.hpp"

namespace parley::chat {

Error room_not_found() {
  return domain_error("error-room-not-found",
                      "The required \"roomId\" or \"roomName\" param provided does not match any "
                      "room");
}

bool RoomAccess::can_read(const store::UserRecord& user, const store::RoomRecord& room) {
  if (room.type == "c" && has_permission(user, "view-c-room")) return true;
  return members_.is_member(room.id, user.id);
}

Status RoomAccess::check_can_post(const store::UserRecord& user, const store::RoomRecord& room) {
  // Rocket.Chat's canSendMessage asks canAccessRoom, not membership: a bot may post into a
  // public channel it never joined.
  if (!can_read(user, room)) return domain_error("error-not-allowed", "Not allowed");
  if (room.archived) return domain_error("error-room-archived", "Room is archived");
  if (room.read_only) {
    auto subscription = store_.subscription(room.id, user.id);
    if (!has_permission(user, "post-readonly", subscription ? &*subscription : nullptr)) {
      return domain_error("error-message-not-allowed",
                          "You can't send messages because the room is readonly.");
    }
  }
  return Ok{};
}

}  // namespace parley::chat
