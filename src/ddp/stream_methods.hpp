#pragma once
// The client-to-server half of streams (rc-api.md §3.1, "emit"): the DDP methods named after
// a stream. A permitted emit is re-broadcast to that event's other subscribers, never back
// to the emitting connection. A refused one returns nothing and delivers nothing: Rocket.Chat's
// streamer answers a write its rules refuse with an empty result, not an error
// (streamer.module.ts, initMethod), and clients such as the typing indicator rely on that.
#include "ddp/service.hpp"

namespace parley::ddp {

// "<rid>/typing" and "<rid>/user-activity" (cross-posted to each other), "<rid>/webrtc".
MethodResult stream_notify_room_method(MethodCall& call);
// "<uid>/<event>" to another user: webrtc, and otr under conditions (stream_methods.cpp).
MethodResult stream_notify_user_method(MethodCall& call);
// "<rid>/webrtc" from a room member, relayed to every other member's "<uid>/webrtc".
MethodResult stream_notify_room_users_method(MethodCall& call);
// Streams whose write rule is "none": accepted and ignored.
MethodResult stream_write_refused_method(MethodCall& call);

}  // namespace parley::ddp
