#include "ddp/stream_subscriptions.hpp"

#include <array>

#include "chat/permissions.hpp"
#include "ddp/method_helpers.hpp"
#include "ddp/service.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

constexpr std::string_view kPrefix = "stream-";

// Every stream a Rocket.Chat client opens. Those whose events parley does not produce yet
// (presence arrives with issue 4, livechat later) still answer by Rocket.Chat's read rule, so
// clients that open them on connect get their `ready`.
constexpr std::array<std::string_view, 9> kStreams = {
    "room-messages", "notify-room", "notify-user", "notify-logged", "notify-all",
    "user-presence", "roles",       "room-data",   "livechat-room",
};

chat::Error not_allowed() {
  return chat::Error{chat::ErrorKind::kForbidden, "not-allowed", "Not allowed", {}};
}

}  // namespace

bool is_stream_publication(std::string_view name) {
  if (!name.starts_with(kPrefix)) return false;
  name.remove_prefix(kPrefix.size());
  for (auto s : kStreams) {
    if (s == name) return true;
  }
  return false;
}

chat::Result<StreamSub> parse_stream_sub(std::string_view name, const json::array& params) {
  StreamSub sub;
  sub.stream = std::string(name.substr(kPrefix.size()));
  if (params.empty() || !params[0].is_string() || params[0].get_string().empty()) {
    return match_failed();
  }
  sub.event_name = std::string(params[0].get_string());
  if (params.size() > 1) {
    const json::value& options = params[1];
    if (options.is_bool()) {
      sub.use_collection = options.get_bool();
    } else if (options.is_object()) {
      const json::value* use = options.get_object().if_contains("useCollection");
      sub.use_collection = use && use->is_bool() && use->get_bool();
    }
  }
  return sub;
}

chat::Status check_stream_read(Service& service, const std::optional<store::UserRecord>& user,
                               const StreamSub& sub) {
  const auto [owner, event] = split_event(sub.event_name);
  const std::string& stream = sub.stream;

  if (stream == "notify-all") {
    if (sub.event_name == "private-settings-changed" &&
        !(user && chat::has_permission(*user, "view-privileged-setting"))) {
      return not_allowed();
    }
    return chat::Ok{};
  }
  if ((stream == "notify-room" || stream == "notify-user") && event == "webrtc") {
    return chat::Ok{};
  }
  // Every other read needs a logged-in connection (livechat visitors, who read by token,
  // arrive with the livechat issue). Stricter than Rocket.Chat for __my_messages__, whose read
  // rule is 'all': its emit rule refuses every event to a connection without a user, so an
  // anonymous subscription could never receive anything and would only hold a listener.
  if (!user) return not_allowed();
  if (stream == "room-messages" && sub.event_name == "__my_messages__") return chat::Ok{};

  if (stream == "notify-logged" && sub.event_name == "private-settings-changed") {
    // Every setting's changes, private ones included: for those who may read them.
    if (chat::has_permission(*user, "view-privileged-setting")) return chat::Ok{};
    return not_allowed();
  }
  if (stream == "notify-logged" || stream == "user-presence" || stream == "roles") {
    return chat::Ok{};
  }
  if (stream == "notify-user") {
    return owner == user->id ? chat::Status(chat::Ok{}) : chat::Status(not_allowed());
  }
  // Members may read their rooms, whatever the type: a hash lookup in the membership cache
  // answers most subscriptions without reading the room (a reconnect storm makes thousands a
  // second; loading each room was the largest cost of a re-login, issue 12).
  if (stream == "room-messages" || stream == "room-data") {
    if (service.access().members().is_member(sub.event_name, user->id)) return chat::Ok{};
    auto room = service.store().room_by_id(sub.event_name);
    if (!room) return not_allowed();
    if (service.access().can_read(*user, *room)) return chat::Ok{};
    if (stream == "room-messages" && room->type == "c" &&
        chat::has_permission(*user, "preview-c-room")) {
      return chat::Ok{};
    }
    return not_allowed();
  }
  if (stream == "notify-room") {
    // Rocket.Chat asks for a subscription to the room, whatever its type. A room that does
    // not exist has no members.
    if (service.access().members().is_member(owner, user->id)) return chat::Ok{};
    return not_allowed();
  }
  return not_allowed();  // livechat-room: visitors only, by token
}

}  // namespace parley::ddp
