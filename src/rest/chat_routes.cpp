// chat.* that write (rc-api.md §6.6): postMessage, sendMessage, update, delete, react,
// pin/unpin, star/unstar. chat::Messages does the checks; this file reads the request and
// shapes the reply (messages through message_json: ISO dates).
#include <initializer_list>

#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

enum class Kind { kString, kArray, kObject, kBool };

struct Extra {
  const char* name;
  Kind kind;
};

// Copies the optional message fields a client may set, checking each one's JSON type.
void copy_extras(Reader& p, const json::object& from, json::object& to,
                 std::initializer_list<Extra> extras) {
  for (const auto& [name, kind] : extras) {
    const json::value* v = from.if_contains(name);
    if (v == nullptr || v->is_null()) continue;
    bool ok = kind == Kind::kString   ? v->is_string()
              : kind == Kind::kArray  ? v->is_array()
              : kind == Kind::kObject ? v->is_object()
                                      : v->is_bool();
    if (!ok) {
      const char* what = kind == Kind::kString   ? "a string"
                         : kind == Kind::kArray  ? "an array"
                         : kind == Kind::kObject ? "an object"
                                                 : "a boolean";
      p.fail("The parameter \"" + std::string(name) + "\" must be " + what);
      continue;
    }
    to[name] = *v;
  }
}

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string read_message_id(Reader& p) {
  std::string id = p.required_string("messageId");
  if (id.empty()) p.fail("The parameter \"messageId\" must not be empty");
  return id;
}

// chat.postMessage's `channel`: "#name", "@username" (the DM, created if need be), or a room
// id or name. A public channel the caller is not in is joined first, as RC's
// processWebhookMessage does (joinChannel: true).
chat::Result<store::RoomRecord> resolve_target(Services& s, const store::UserRecord& me,
                                               const std::string& target) {
  if (target.front() == '@') return s.rooms.create_direct(me, {target.substr(1)});
  std::string key = target.front() == '#' ? target.substr(1) : target;
  auto room = s.rooms.find(me, {key, {}});
  if (!room) room = s.rooms.find(me, {{}, key});
  if (!room) return chat::domain_error("invalid-channel", "");
  if (room->type == "c") return s.rooms.join(me, *room);
  return room;
}

}  // namespace

// {roomId | channel, text, alias?, emoji?, avatar?, attachments?, customFields?, tmid?}
// -> {ts: <ms>, channel: <the target as given>, message}. One target per request (RC also
// takes an array of channels).
net::HttpResponse chat_post_message(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string target = p.optional_string("channel");
  if (target.empty()) target = p.optional_string("roomId");
  if (target.empty()) p.fail("The parameter \"roomId\" or \"channel\" is required");
  chat::SendRequest request;
  request.text =
      trim(r.body.contains("text") ? p.optional_string("text") : p.optional_string("msg"));
  request.thread_id = p.optional_string("tmid");
  copy_extras(p, r.body, request.extras,
              {{"alias", Kind::kString},
               {"emoji", Kind::kString},
               {"avatar", Kind::kString},
               {"attachments", Kind::kArray},
               {"customFields", Kind::kObject},
               {"bot", Kind::kObject},
               {"groupable", Kind::kBool}});
  if (p.error()) return failure(*p.error());
  // As RC's webhook path: an avatar wins over an emoji, and such messages are not grouped.
  if (request.extras.contains("avatar")) request.extras.erase("emoji");
  if (!request.extras.contains("groupable")) request.extras["groupable"] = false;

  auto room = resolve_target(s, r.me(), target);
  if (!room) return failure(room.error());
  request.room_id = room->id;
  auto message = s.messages.send(r.me(), std::move(request));
  if (!message) return failure(message.error());
  return success({{"ts", s.clock.now_ms()},
                  {"channel", target},
                  {"message", message_json(std::move(*message), r.me().id)}});
}

// {message:{_id?, rid, msg, tmid?, tshow?, alias?, emoji?, avatar?, attachments?, blocks?,
// customFields?, bot?, groupable?}} -> {message}. A resent client _id returns the stored
// message. System messages (with `t`) are refused.
net::HttpResponse chat_send_message(Services& s, RestRequest& r) {
  const json::value* body = r.body.if_contains("message");
  if (body == nullptr || !body->is_object()) {
    return failure(chat::invalid_params("The parameter \"message\" must be an object"));
  }
  const json::object& m = body->get_object();
  if (m.contains("t")) {
    return failure(chat::invalid_params("Cannot send system messages using 'chat.sendMessage'"));
  }
  Reader p(m);
  chat::SendRequest request;
  request.id = p.optional_string("_id");
  request.room_id = p.required_string("rid");
  request.text = p.optional_string("msg");
  request.thread_id = p.optional_string("tmid");
  request.tshow = p.optional_bool("tshow").value_or(false);
  copy_extras(p, m, request.extras,
              {{"alias", Kind::kString},
               {"emoji", Kind::kString},
               {"avatar", Kind::kString},
               {"attachments", Kind::kArray},
               {"blocks", Kind::kArray},
               {"customFields", Kind::kObject},
               {"bot", Kind::kObject},
               {"groupable", Kind::kBool}});
  if (p.error()) return failure(*p.error());
  auto message = s.messages.send(r.me(), std::move(request));
  if (!message) return failure(message.error());
  return success({{"message", message_json(std::move(*message), r.me().id)}});
}

net::HttpResponse chat_update(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string room_id = p.required_string("roomId");
  std::string message_id = p.required_string("msgId");
  std::string text = p.required_string("text");
  if (p.error()) return failure(*p.error());
  auto message = s.messages.update(r.me(), room_id, message_id, std::move(text));
  if (!message) return failure(message.error());
  return success({{"message", message_json(std::move(*message), r.me().id)}});
}

// {roomId, msgId, asUser?} -> {_id, ts:"<ms>", message:{_id, rid, u}}. asUser is accepted
// and has no effect: the caller deletes as themself (own message, or delete-message).
net::HttpResponse chat_delete(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string room_id = p.required_string("roomId");
  std::string message_id = p.required_string("msgId");
  p.optional_bool("asUser");
  if (p.error()) return failure(*p.error());
  auto removed = s.messages.remove(r.me(), room_id, message_id);
  if (!removed) return failure(removed.error());
  return success({{"_id", message_id},
                  {"ts", std::to_string(s.clock.now_ms())},
                  {"message", message_json(std::move(*removed), r.me().id)}});
}

// {messageId, emoji | reaction, shouldReact?}; without shouldReact the reaction toggles.
net::HttpResponse chat_react(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string message_id = read_message_id(p);
  std::string emoji = p.optional_string("emoji");
  if (emoji.empty()) emoji = p.optional_string("reaction");
  std::optional<bool> should_react = p.optional_bool("shouldReact");
  if (emoji.empty()) {
    p.fail(chat::domain_error("error-emoji-param-not-provided",
                              "The required \"emoji\" param is missing."));
  }
  if (p.error()) return failure(*p.error());
  auto done = s.messages.react(r.me(), message_id, std::move(emoji), should_react);
  if (!done) return failure(done.error());
  return success();
}

// -> {message}: the message_pinned notice quoting the original, as RC answers.
net::HttpResponse chat_pin_message(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string message_id = read_message_id(p);
  if (p.error()) return failure(*p.error());
  auto done = s.messages.set_pinned(r.me(), message_id, true);
  if (!done) return failure(done.error());
  return success({{"message", message_json(std::move(**done), r.me().id)}});
}

net::HttpResponse chat_unpin_message(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string message_id = read_message_id(p);
  if (p.error()) return failure(*p.error());
  auto done = s.messages.set_pinned(r.me(), message_id, false);
  if (!done) return failure(done.error());
  return success();
}

net::HttpResponse chat_star_message(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string message_id = read_message_id(p);
  if (p.error()) return failure(*p.error());
  auto done = s.messages.set_starred(r.me(), message_id, true);
  if (!done) return failure(done.error());
  return success();
}

net::HttpResponse chat_unstar_message(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string message_id = read_message_id(p);
  if (p.error()) return failure(*p.error());
  auto done = s.messages.set_starred(r.me(), message_id, false);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace parley::rest::handlers
