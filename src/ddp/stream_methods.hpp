#pragma once
// The client-to-server half of streams (rc-api.md §3.1, "emit"): the DDP methods named after
// a stream. A permitted emit is re-broadcast to that event's other subscribers, never back
// to the emitting connection; a refused one returns nothing, as Rocket.Chat's streamer does.
#include "ddp/service.hpp"

namespace parley::ddp {

// "<rid>/typing" and "<rid>/user-activity" (cross-posted to each other), "<rid>/webrtc".
MethodResult stream_notify_room_method(MethodCall& call);
// "<uid>/<event>" relays (webrtc, otr, ...) from logged-in users.
MethodResult stream_notify_user_method(MethodCall& call);
// Streams whose write rule is "none": accepted and ignored.
MethodResult stream_write_refused_method(MethodCall& call);

}  // namespace parley::ddp
