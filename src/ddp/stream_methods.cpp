// DESIGN: what a client may send through a stream (issue 9, defect 4). Rocket.Chat 7 relays
// any "<uid>/<event>" on stream-notify-user from any logged-in user (`Boolean(this.userId)`),
// and through stream-notify-room-users any member's event to every other member, so one user
// can hand another a forged notification, rooms-changed, force_logout or userData. Its newest
// code allows only what clients really send. parley relays to another user only:
//   webrtc            from anyone, logged in or not, as Rocket.Chat 7 (call signalling).
//   otr               from a logged-in user while OTR_Enable is on, for the steps the OTR
//                     client sends (handshake, acknowledge, deny, end), when the payload names
//                     the sender as userId and a room both users are members of. Rocket.Chat 7
//                     checks only the login and the setting (and only for handshake and
//                     acknowledge); the rest is parley being stricter, at no cost to clients.
//   video-conference  refused. Rocket.Chat checks it against the stored call
//                     (VideoConf.validateAction: the call exists and has not ended, and the
//                     caller and params.uid can access the call's room). parley stores no
//                     calls, so that rule refuses every such event here; no parley client can
//                     hold a callId to send. Relaying it with only a room check would let a
//                     room-mate ring a user for a call that does not exist.
// Through stream-notify-room-users only webrtc, from a member, to the room's other members, in
// rooms of up to Notifications_Max_Room_Members (100): a relay costs one publish per member,
// and a call rings a DM or a small group; in #general it would be a 7,000-fold amplifier.
// stream-notify-room takes typing/user-activity for oneself and webrtc, as Rocket.Chat 7.
// Every refusal is Rocket.Chat's: an empty result and nothing delivered.
#include "ddp/stream_methods.hpp"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>

#include "chat/notifications.hpp"
#include "ddp/frames.hpp"
#include "ddp/json_fields.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

// What the OTR client sends another user (app/otr/client/OTRRoom.ts: notifyUser(peer, 'otr',
// step, {roomId, userId, publicKey?, refresh?})).
constexpr std::array<std::string_view, 4> kOtrSteps = {"handshake", "acknowledge", "deny", "end"};

bool is_user_typing(const json::value& activities) {
  const auto& list = activities.get_array();
  return std::any_of(list.begin(), list.end(),
                     [](const json::value& a) { return a.is_string() && a == "user-typing"; });
}

bool otr_allowed(Service& service, const store::UserRecord& sender, std::string_view target_id,
                 const json::array& args) {
  const chat::Settings* settings = service.settings();
  if (settings == nullptr || !settings->boolean("OTR_Enable")) return false;
  if (args.size() < 2 || !args[0].is_string() || !args[1].is_object()) return false;
  if (std::ranges::find(kOtrSteps, std::string_view(args[0].get_string())) == kOtrSteps.end()) {
    return false;
  }
  const json::object& data = args[1].get_object();
  if (string_or_empty(data, "userId") != sender.id) return false;
  const std::string_view room_id = string_or_empty(data, "roomId");
  if (room_id.empty()) return false;
  auto room = service.store().room_by_id(room_id);
  auto& members = service.access().members();
  return room && members.is_member(room->id, sender.id) && members.is_member(room->id, target_id);
}

// Whether `caller` may send "<uid>/<event>" with `args` to that user (see DESIGN).
bool user_write_allowed(Caller& caller, std::string_view uid, std::string_view event,
                        const json::array& args) {
  if (event == "webrtc") return true;
  if (event != "otr") return false;
  auto sender = caller.user();
  return sender && otr_allowed(caller.service(), *sender, uid, args);
}

}  // namespace

MethodResult stream_notify_room_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string()) return nothing();
  auto [rid, event] = split_event(params[0].get_string());
  json::array args(params.begin() + 1, params.end());
  Service& service = call.session.service();

  auto room = service.store().room_by_id(rid);
  if (!room) return nothing();
  if (event == "webrtc") {
    service.events().room_event(*room, event, std::move(args), call.session.id());
    return nothing();
  }
  if (event != "typing" && event != "user-activity") return nothing();
  auto user = call.session.user();
  if (!user || args.empty() || !args[0].is_string()) return nothing();
  const std::string username(args[0].get_string());
  if (!service.access().can_signal_activity(*user, *room, username)) return nothing();

  auto& events = service.events();
  const std::string& origin = call.session.id();
  // Rocket.Chat keeps the deprecated "typing" and the newer "user-activity" in step: an
  // activity list that is empty or holds "user-typing" is also a typing event, and back.
  if (event == "user-activity") {
    if (args.size() < 2 || !args[1].is_array()) return nothing();
    const bool typing = is_user_typing(args[1]);
    const bool about_typing = args[1].get_array().empty() || typing;
    events.room_event(*room, event, args, origin);
    if (about_typing) events.room_event(*room, "typing", json::array{username, typing}, origin);
  } else {
    const bool typing = args.size() > 1 && args[1].is_bool() && args[1].get_bool();
    json::array activity{username, typing ? json::array{"user-typing"} : json::array{}};
    if (args.size() > 2) activity.push_back(args[2]);
    events.room_event(*room, event, args, origin);
    events.room_event(*room, "user-activity", std::move(activity), origin);
  }
  return nothing();
}

MethodResult stream_notify_user_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string()) return nothing();
  auto [uid, event] = split_event(params[0].get_string());
  if (uid.empty() || event.empty()) return nothing();
  json::array args(params.begin() + 1, params.end());
  if (!user_write_allowed(call.session, uid, event, args)) return nothing();
  call.session.service().events().user_event(uid, event, std::move(args), call.session.id());
  return nothing();
}

MethodResult stream_notify_room_users_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string()) return nothing();
  auto [rid, event] = split_event(params[0].get_string());
  // Rocket.Chat 7 also lets a livechat visitor (no login) ring the agent serving its room;
  // parley has no livechat yet.
  auto sender = call.session.user();
  if (event != "webrtc" || !sender) return nothing();
  Service& service = call.session.service();
  auto room = service.store().room_by_id(rid);
  if (!room || !service.access().is_member(*room, *sender)) return nothing();
  if (room->users_count > static_cast<int64_t>(chat::kNotificationsMaxRoomMembers)) {
    return nothing();
  }
  const json::array args(params.begin() + 1, params.end());
  for (const std::string& member : service.store().room_member_ids(room->id)) {
    if (member != sender->id) service.events().user_event(member, event, args, call.session.id());
  }
  return nothing();
}

MethodResult stream_write_refused_method(MethodCall&) {
  return nothing();
}

}  // namespace parley::ddp
