#pragma once
// saveRoomSettings(rid, {setting: value, ...}) or (rid, setting, value): the room edit panel of
// Rocket.Chat's web client (chat::RoomSettingsEditor has the rules). Needs a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult save_room_settings_method(MethodCall& call);
// eraseRoom(rid): Rocket.Chat's room deletion (chat::Rooms::erase has the rules); true.
MethodResult erase_room_method(MethodCall& call);

}  // namespace parley::ddp
