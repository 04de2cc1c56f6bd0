#pragma once
// DDP methods for rooms, subscriptions and messages (rc-api.md §5). Each reads its params,
// calls chat/, and returns Rocket.Chat's result shape; errors come back as Meteor errors.
// All require a logged-in session (the table in methods.cpp says so).
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult send_message_method(MethodCall& call);
MethodResult update_message_method(MethodCall& call);
MethodResult delete_message_method(MethodCall& call);
MethodResult set_reaction_method(MethodCall& call);
MethodResult pin_message_method(MethodCall& call);
MethodResult unpin_message_method(MethodCall& call);
MethodResult star_message_method(MethodCall& call);
MethodResult load_history_method(MethodCall& call);
MethodResult read_messages_method(MethodCall& call);

MethodResult create_channel_method(MethodCall& call);
MethodResult create_private_group_method(MethodCall& call);
MethodResult create_direct_message_method(MethodCall& call);
MethodResult join_room_method(MethodCall& call);
MethodResult leave_room_method(MethodCall& call);
MethodResult get_room_roles_method(MethodCall& call);
MethodResult get_users_of_room_method(MethodCall& call);
MethodResult get_room_id_by_name_or_id_method(MethodCall& call);
MethodResult get_room_name_by_id_method(MethodCall& call);
MethodResult rooms_get_method(MethodCall& call);
MethodResult subscriptions_get_method(MethodCall& call);

}  // namespace parley::ddp
