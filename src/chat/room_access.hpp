#pragma once
// Who may read and who may post in a room: Rocket.Chat's canAccessRoom and canSendMessage
// rules, in one place, over the membership cache (no query per check for members).
#include <optional>
#include <string_view>

#include "chat/errors.hpp"
#include "chat/membership_cache.hpp"
#include "store/records.hpp"
#include "store/room_records.hpp"
#include "store/store.hpp"

namespace parley::chat {

class RoomAccess {
 public:
  RoomAccess(store::Store& store, MembershipCache& members) : store_(store), members_(members) {}

  // Public channels: any user with view-c-room. Private groups and DMs: members only.
  bool can_read(const store::UserRecord& user, const store::RoomRecord& room);
  // Ok, or the error Rocket.Chat gives: error-not-allowed (cannot read the room),
  // error-room-archived, error-message-not-allowed for a read-only room without
  // post-readonly. Membership comes from the cache; the store is read only for read-only
  // rooms, whose check needs the subscription's room roles.
  Status check_can_post(const store::UserRecord& user, const store::RoomRecord& room);
  // Rocket.Chat's canType for stream-notify-room typing/user-activity emits: the emitter
  // speaks only for itself (`username` is its own) and can read the room.
  bool can_signal_activity(const store::UserRecord& user, const store::RoomRecord& room,
                           std::string_view username) {
    return username == user.username && can_read(user, room);
  }
  bool is_member(const store::RoomRecord& room, const store::UserRecord& user) {
    return members_.is_member(room.id, user.id);
  }
  MembershipCache& members() { return members_; }

 private:
  store::Store& store_;
  MembershipCache& members_;
};

Error room_not_found();

}  // namespace parley::chat
