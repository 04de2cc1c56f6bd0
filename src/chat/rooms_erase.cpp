// Rooms::erase: Rocket.Chat's eraseRoom (apps/meteor/server/lib/eraseRoom.ts) and deleteRoom.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "chat/rooms.hpp"

namespace parley::chat {

namespace json = boost::json;

Status Rooms::erase(const store::UserRecord& actor, std::string_view room_id) {
  auto room = store_.room_by_id(room_id);
  if (!room) return domain_error("error-invalid-room", "Invalid room");
  // RC asks the room type's canBeDeleted, which is `delete-<t>` in the room's scope.
  if (!allowed(actor, "delete-" + room->type, *room)) {
    return domain_error("error-not-allowed", "Not allowed");
  }
  return remove_room(*room);
}

Status Rooms::remove_room(const store::RoomRecord& room) {
  // Who to tell, read before the rows go.
  auto members = store_.room_members(room.id, 0, 0);
  auto status = store_.delete_room(room.id);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-room", "Invalid room");  // deleted meanwhile
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  access_.members().invalidate(room.id);
  for (const auto& s : members.subscriptions) {
    events_.user_event(s.user_id, "subscriptions-changed",
                       json::array{"removed", json::object{{"_id", s.id},
                                                           {"rid", room.id},
                                                           {"u", json::object{{"_id", s.user_id}}},
                                                           {"t", room.type}}});
    events_.user_event(s.user_id, "rooms-changed",
                       json::array{"removed", json::object{{"_id", room.id}}});
  }
  for (const auto& hook : on_erased_) hook(room);
  if (observer_) observer_->erased(room);
  return Ok{};
}

}  // namespace parley::chat
