#pragma once
// Rocket.Chat's saveRoomSettings (DDP method, and REST rooms.saveRoomSettings): many room
// settings in one call, as the room edit panel of RC's web client saves them.
//
// DESIGN
// - Two passes, as RC's apps/meteor/app/channel-settings/server/methods/saveRoomSettings.ts:
//   every key is checked first (a known name, then its validator), and only then is each one
//   saved in the order given. A refused setting therefore saves nothing; a failure while
//   saving (a duplicate name) leaves the settings before it saved, as in RC.
// - Stricter than RC where RC trusts its input: each value must have the type RC's client
//   sends (a string name, a boolean flag, an array of strings for systemMessages, ...);
//   anything else is error-invalid-settings instead of being written as is.
// - What parley does not have is refused, not faked: retention policies (no room has one, so
//   RC's own validator refuses them), and join codes (channels.join does not check codes, so
//   storing one would promise a protection that does not exist).
// - Saving goes through chat::Rooms (renames, texts, read-only, default, type, the document's
//   flags) and chat::Avatars (roomAvatar), so events and system messages are the usual ones.
// - Blocking (store, blobs): call from a worker. No state of its own.
#include <boost/json/object.hpp>
#include <string_view>

#include "chat/avatars.hpp"
#include "chat/errors.hpp"
#include "chat/rooms.hpp"
#include "store/store.hpp"

namespace parley::chat {

class RoomSettingsEditor {
 public:
  RoomSettingsEditor(store::Store& store, Rooms& rooms, Messages& messages, Avatars* avatars)
      : store_(store), rooms_(rooms), messages_(messages), avatars_(avatars) {}

  // Applies `settings` ({roomName: "x", readOnly: true, ...}) to room `room_id` as `actor`.
  Status save(const store::UserRecord& actor, std::string_view room_id,
              const boost::json::object& settings);

 private:
  Status validate(const store::UserRecord& actor, const store::RoomRecord& room,
                  std::string_view key, const boost::json::value& value);
  Status apply(const store::UserRecord& actor, store::RoomRecord& room, std::string_view key,
               const boost::json::value& value);
  Status apply_avatar(const store::UserRecord& actor, store::RoomRecord& room,
                      const boost::json::value& value);

  store::Store& store_;
  Rooms& rooms_;
  Messages& messages_;
  Avatars* avatars_;  // null: roomAvatar is refused (no blob store wired)
};

}  // namespace parley::chat
