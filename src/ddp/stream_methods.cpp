#include "ddp/stream_methods.hpp"

#include <algorithm>
#include <boost/json/array.hpp>

#include "ddp/frames.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

bool is_user_typing(const json::value& activities) {
  const auto& list = activities.get_array();
  return std::any_of(list.begin(), list.end(),
                     [](const json::value& a) { return a.is_string() && a == "user-typing"; });
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
  if (event != "webrtc" && !call.session.user()) return nothing();
  call.session.service().events().user_event(
      uid, event, json::array(params.begin() + 1, params.end()), call.session.id());
  return nothing();
}

MethodResult stream_write_refused_method(MethodCall&) {
  return nothing();
}

}  // namespace parley::ddp
