// Rooms: addUsersToRoom, removeUserFromRoom, hideRoom and openRoom as Rocket.Chat 7 runs them
// (apps/meteor/app/lib/server/methods/addUsersToRoom.ts, server/methods/removeUserFromRoom.ts,
// hideRoom.ts, openRoom.ts). Membership changes go through invite()/kick(), so the system
// messages, the membership cache and the events are theirs.
#include <boost/json/array.hpp>

#include "chat/notifications.hpp"
#include "chat/permissions.hpp"
#include "chat/rooms.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

// RC's sanitizeUsername: a leading "@" (or " @") is not part of the name.
std::string sanitize_username(std::string_view username) {
  if (username.starts_with('@')) username.remove_prefix(1);
  return std::string(username);
}

}  // namespace

Status Rooms::add_users(const store::UserRecord& actor, std::string_view room_id,
                        const std::vector<std::string>& usernames) {
  auto room = store_.room_by_id(room_id);
  if (!room) return domain_error("error-invalid-room", "Invalid room");
  if (room->type == "d") {
    return domain_error("error-cant-invite-for-direct-room", "Can't invite user to direct rooms");
  }
  const bool member = access_.is_member(*room, actor);
  const bool can = (member && allowed(actor, "add-user-to-joined-room", *room)) ||
                   (room->type == "c" && has_permission(actor, "add-user-to-any-c-room")) ||
                   (room->type == "p" && has_permission(actor, "add-user-to-any-p-room"));
  if (!can) return domain_error("error-not-allowed", "Not allowed");

  std::vector<store::UserRecord> targets;
  for (const auto& name : usernames) {
    auto user = store_.user_by_username(sanitize_username(name));
    if (!user) return domain_error("error-user-not-found", "User not found");
    targets.push_back(std::move(*user));
  }
  for (const auto& target : targets) {
    if (access_.is_member(*room, target)) {
      events_.user_event(
          actor.id, "message",
          json::array{ephemeral_message(room->id, "@" + target.username + " is already in here.",
                                        clock_.now_ms())});
      continue;
    }
    auto added = invite(actor, *room, target);
    if (!added) return added.error();
    *room = std::move(*added);
  }
  return Ok{};
}

Status Rooms::remove_user(const store::UserRecord& actor, std::string_view room_id,
                          std::string_view username) {
  auto room = store_.room_by_id(room_id);
  if (!room || !allowed(actor, "remove-user", *room) || room->type == "d") {
    return domain_error("error-not-allowed", "Not allowed");
  }
  const bool kick_any = has_permission(
      actor, room->type == "c" ? "kick-user-from-any-c-room" : "kick-user-from-any-p-room");
  if (!kick_any && !access_.can_read(actor, *room)) {
    return domain_error("error-room-not-found",
                        "The required \"roomId\" or \"roomName\" param provided does not match "
                        "any group");
  }
  // RC dereferences a missing user and fails with a TypeError (500); a user who is not
  // there is not in the room, which is what parley answers.
  auto target = store_.user_by_username(username);
  if (!target) return domain_error("error-user-not-in-room", "User is not in this room");
  auto kicked = kick(actor, *room, *target);
  if (!kicked) {
    Error e = kicked.error();
    if (e.code == "error-you-are-last-owner") {
      e.reason = "You are the last owner. Please set new owner before leaving the room.";
    }
    return e;
  }
  return Ok{};
}

bool Rooms::set_visible(const store::UserRecord& user, std::string_view room_id, bool open) {
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room_id, user.id,
      [&](store::SubscriptionRecord& s) {
        if (s.open == open) return false;  // RC's query matches only the other state
        s.open = open;
        if (!open) s.alert = false;
        return true;
      },
      &written);
  if (status != store::WriteStatus::kOk) return false;
  tell_subscription(written, "updated");
  return true;
}

Result<bool> Rooms::set_favorite(const store::UserRecord& user, std::string_view room_id,
                                 bool favorite) {
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room_id, user.id,
      [&](store::SubscriptionRecord& s) {
        if (s.favorite == favorite) return false;
        s.favorite = favorite;
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-subscription", "You must be part of a room to favorite it");
  }
  if (status != store::WriteStatus::kOk) return false;
  tell_subscription(written, "updated");
  return true;
}

}  // namespace parley::chat
