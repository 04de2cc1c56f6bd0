#pragma once
// The members panel and the sidebar of RC 7's web client: addUsersToRoom({rid, users}),
// removeUserFromRoom({rid, username}), hideRoom(rid), openRoom(rid), toggleFavorite(rid, f?).
// chat::Rooms has the rules; these read the arguments as Rocket.Chat's check() does. All need
// a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult add_users_to_room_method(MethodCall& call);
MethodResult remove_user_from_room_method(MethodCall& call);
MethodResult hide_room_method(MethodCall& call);
MethodResult open_room_method(MethodCall& call);
MethodResult toggle_favorite_method(MethodCall& call);

}  // namespace parley::ddp
