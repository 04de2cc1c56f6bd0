// channels.setCustomFields / groups.setCustomFields (issue 11, item 5): RC's REST form of
// saveRoomSettings' roomCustomFields, which replaces the room's `customFields` object. The
// rules (edit-room, the object's type) are chat::RoomSettingsEditor's.
#include "chat/room_settings.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

// {roomId | roomName, customFields: {...}} -> {channel | group}
net::HttpResponse room_set_custom_fields(Services& s, RestRequest& r, Family family) {
  const json::value* fields = r.body.if_contains("customFields");
  if (fields == nullptr || !fields->is_object()) {
    return plain_failure("The bodyParam \"customFields\" is required with a type like object.");
  }
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  chat::RoomSettingsEditor editor(s.store, s.rooms, s.messages, s.avatars);
  auto saved = editor.save(r.me(), room->id, json::object{{"roomCustomFields", *fields}});
  if (!saved) return failure(saved.error());
  auto updated = s.store.room_by_id(room->id);
  if (!updated) return failure(chat::internal_error());
  return success({{family_info(family).room_key, room_json(*updated)}});
}

}  // namespace parley::rest::handlers
