#include "ddp/chat_methods.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <unordered_map>

#include "chat/notifications.hpp"
#include "chat/room_views.hpp"
#include "chat/user_views.hpp"
#include "ddp/frames.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

const json::value* arg(const MethodCall& call, std::size_t i) {
  return i < call.params.size() ? &call.params[i] : nullptr;
}

std::optional<std::string> string_arg(const MethodCall& call, std::size_t i) {
  const json::value* v = arg(call, i);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// An EJSON date ({"$date": ms}); nullopt for null/absent, error flag for anything else.
std::optional<int64_t> date_arg(const json::value* v, bool& bad) {
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_object()) {
    const json::value* ms = v->get_object().if_contains("$date");
    if (ms && ms->is_int64()) return ms->get_int64();
    if (ms && ms->is_uint64()) return static_cast<int64_t>(ms->get_uint64());
    if (ms && ms->is_double()) return static_cast<int64_t>(ms->get_double());
  }
  bad = true;
  return std::nullopt;
}

std::string field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

store::UserRecord me(MethodCall& call) {
  return *call.session.user();
}

MethodResult value(json::value v) {
  return std::optional<json::value>(std::move(v));
}

template <typename T>
MethodResult status_result(const chat::Result<T>& r) {
  if (!r) return r.error();
  return nothing();
}

chat::Result<store::RoomRecord> room_arg(MethodCall& call, std::size_t i) {
  auto rid = string_arg(call, i);
  if (!rid) return match_failed();
  return call.session.service().rooms().find(me(call), {*rid, ""});
}

json::array room_list(const std::vector<store::RoomRecord>& rooms) {
  json::array out;
  for (const auto& r : rooms) out.push_back(chat::room_view(r));
  return out;
}

}  // namespace

MethodResult send_message_method(MethodCall& call) {
  const json::value* m = arg(call, 0);
  if (!m || !m->is_object()) return match_failed();
  const json::object& o = m->get_object();
  const json::value* rid = o.if_contains("rid");
  const json::value* msg = o.if_contains("msg");
  if (!rid || !rid->is_string() || (msg && !msg->is_string())) return match_failed();
  if (o.contains("t")) return chat::domain_error("error-invalid-params", "Invalid params");
  chat::SendRequest request;
  request.id = field(o, "_id");
  request.room_id = std::string(rid->get_string());
  request.text = field(o, "msg");
  request.thread_id = field(o, "tmid");
  const json::value* tshow = o.if_contains("tshow");
  request.tshow = tshow && tshow->is_bool() && tshow->get_bool();
  bool bad = false;
  request.client_ts = date_arg(o.if_contains("ts"), bad);
  if (bad) return match_failed();
  for (const char* key :
       {"alias", "emoji", "avatar", "attachments", "bot", "groupable", "customFields", "blocks"}) {
    if (const json::value* v = o.if_contains(key)) request.extras[key] = *v;
  }
  const std::string room_id = request.room_id;
  Service& service = call.session.service();
  auto sent = service.messages().send(me(call), std::move(request));
  if (!sent) {
    // As Rocket.Chat does, the sender also sees why, as an ephemeral message in the room.
    service.events().user_event(me(call).id, "message",
                                json::array{chat::ephemeral_message(room_id, sent.error().reason,
                                                                    service.clock().now_ms())});
    return sent.error();
  }
  return value(std::move(sent.value()));
}

MethodResult update_message_method(MethodCall& call) {
  const json::value* m = arg(call, 0);
  if (!m || !m->is_object()) return match_failed();
  const json::object& o = m->get_object();
  std::string id = field(o, "_id"), rid = field(o, "rid");
  if (id.empty() || !o.contains("msg") || !o.at("msg").is_string()) return match_failed();
  return status_result(
      call.session.service().messages().update(me(call), rid, id, field(o, "msg")));
}

MethodResult delete_message_method(MethodCall& call) {
  const json::value* m = arg(call, 0);
  if (!m || !m->is_object()) return match_failed();
  std::string id = field(m->get_object(), "_id");
  if (id.empty()) return match_failed();
  auto message = call.session.service().store().message_by_id(id);
  if (!message) return chat::domain_error("error-invalid-message", "Invalid message");
  return status_result(call.session.service().messages().remove(me(call), message->room_id, id));
}

MethodResult set_reaction_method(MethodCall& call) {
  auto reaction = string_arg(call, 0);
  auto message_id = string_arg(call, 1);
  if (!reaction || !message_id) return match_failed();
  std::optional<bool> should_react;
  if (const json::value* v = arg(call, 2); v && v->is_bool()) should_react = v->get_bool();
  auto r = call.session.service().messages().react(me(call), *message_id, *reaction, should_react);
  if (!r) return r.error();
  return nothing();
}

namespace {
MethodResult pin(MethodCall& call, bool pinned) {
  const json::value* m = arg(call, 0);
  if (!m || !m->is_object()) return match_failed();
  std::string id = field(m->get_object(), "_id");
  if (id.empty()) return match_failed();
  auto r = call.session.service().messages().set_pinned(me(call), id, pinned);
  if (!r) return r.error();
  if (!*r) return nothing();
  return value(std::move(**r));  // pinMessage answers the notice
}
}  // namespace

MethodResult pin_message_method(MethodCall& call) {
  return pin(call, true);
}
MethodResult unpin_message_method(MethodCall& call) {
  return pin(call, false);
}

MethodResult star_message_method(MethodCall& call) {
  const json::value* m = arg(call, 0);
  if (!m || !m->is_object()) return match_failed();
  const json::object& o = m->get_object();
  std::string id = field(o, "_id");
  const json::value* starred = o.if_contains("starred");
  if (id.empty() || !starred || !starred->is_bool()) return match_failed();
  auto r = call.session.service().messages().set_starred(me(call), id, starred->get_bool());
  if (!r) return r.error();
  return nothing();
}

MethodResult load_history_method(MethodCall& call) {
  auto rid = string_arg(call, 0);
  if (!rid) return match_failed();
  bool bad = false;
  store::HistoryQuery query;
  query.room_id = *rid;
  query.latest = date_arg(arg(call, 1), bad);
  query.count = 20;
  query.count_total = false;  // the result is {messages, unreadNotLoaded}: no total
  if (const json::value* limit = arg(call, 2); limit && limit->is_int64()) {
    query.count = std::clamp<int64_t>(limit->get_int64(), 1, 1000);
  }
  if (bad) return match_failed();
  auto history = call.session.service().messages().history(me(call), query);
  if (!history) return history.error();
  json::array messages;
  for (auto& m : history->messages) messages.push_back(std::move(m));
  return value(json::object{{"messages", std::move(messages)}, {"unreadNotLoaded", 0}});
}

MethodResult read_messages_method(MethodCall& call) {
  auto rid = string_arg(call, 0);
  if (!rid) return match_failed();
  auto r = call.session.service().rooms().mark_read(me(call), *rid);
  if (!r) return r.error();
  return nothing();
}

namespace {
MethodResult create_room(MethodCall& call, const char* type) {
  auto name = string_arg(call, 0);
  if (!name) return match_failed();
  chat::CreateRoom request;
  request.type = type;
  request.name = *name;
  if (const json::value* members = arg(call, 1); members && members->is_array()) {
    for (const auto& m : members->get_array()) {
      if (!m.is_string()) return match_failed();
      request.members.emplace_back(m.get_string());
    }
  }
  if (const json::value* ro = arg(call, 2); ro && ro->is_bool()) request.read_only = ro->get_bool();
  auto room = call.session.service().rooms().create(me(call), request);
  if (!room) return room.error();
  return value(json::object{{"rid", room->id}, {"name", room->name}});
}
}  // namespace

MethodResult create_channel_method(MethodCall& call) {
  return create_room(call, "c");
}
MethodResult create_private_group_method(MethodCall& call) {
  return create_room(call, "p");
}

MethodResult create_direct_message_method(MethodCall& call) {
  std::vector<std::string> usernames;
  for (const auto& p : call.params) {
    if (!p.is_string()) return match_failed();
    usernames.emplace_back(p.get_string());
  }
  if (usernames.empty()) return match_failed();
  auto room = call.session.service().rooms().create_direct(me(call), usernames);
  if (!room) return room.error();
  json::object out = chat::room_view(*room);
  out["rid"] = room->id;
  out.erase("_id");  // Rocket.Chat's result carries rid, not _id (rc-api.md §5)
  return value(std::move(out));
}

MethodResult join_room_method(MethodCall& call) {
  auto room = room_arg(call, 0);
  if (!room) return room.error();
  auto joined = call.session.service().rooms().join(me(call), *room);
  if (!joined) return joined.error();
  return value(true);
}

MethodResult leave_room_method(MethodCall& call) {
  auto room = room_arg(call, 0);
  if (!room) return room.error();
  auto left = call.session.service().rooms().leave(me(call), *room);
  if (!left) return left.error();
  return value(true);
}

MethodResult get_room_roles_method(MethodCall& call) {
  auto room = room_arg(call, 0);
  if (!room) return room.error();
  auto& store = call.session.service().store();
  json::array out;
  for (const auto& s : store.room_members(room->id, 0, 0).subscriptions) {
    if (s.roles.empty()) continue;
    json::array roles;
    for (const auto& r : s.roles) roles.emplace_back(r);
    out.push_back(json::object{{"rid", room->id},
                               {"u", json::object{{"_id", s.user_id}, {"username", s.username}}},
                               {"roles", std::move(roles)}});
  }
  return value(std::move(out));
}

MethodResult get_users_of_room_method(MethodCall& call) {
  auto room = room_arg(call, 0);
  if (!room) return room.error();
  int64_t limit = 0, skip = 0;
  if (const json::value* paging = arg(call, 2); paging && paging->is_object()) {
    if (const json::value* l = paging->get_object().if_contains("limit"); l && l->is_int64())
      limit = std::max<int64_t>(0, l->get_int64());
    if (const json::value* s = paging->get_object().if_contains("skip"); s && s->is_int64())
      skip = std::max<int64_t>(0, s->get_int64());
  }
  auto& store = call.session.service().store();
  auto page = store.room_members(room->id, skip, limit);
  json::array records;
  for (const auto& s : page.subscriptions) {
    if (auto user = store.user_by_id(s.user_id)) {
      records.push_back(json::object{{"_id", user->id},
                                     {"username", user->username},
                                     {"name", user->name},
                                     {"status", user->status}});
    }
  }
  return value(json::object{{"total", page.total}, {"records", std::move(records)}});
}

MethodResult get_room_id_by_name_or_id_method(MethodCall& call) {
  auto name_or_id = string_arg(call, 0);
  if (!name_or_id) return match_failed();
  auto& rooms = call.session.service().rooms();
  auto room = rooms.find(me(call), {*name_or_id, ""});
  if (!room) room = rooms.find(me(call), {"", *name_or_id});
  if (!room) return chat::domain_error("error-not-allowed", "Not allowed");
  return value(json::value(room->id));
}

MethodResult get_room_name_by_id_method(MethodCall& call) {
  auto room = room_arg(call, 0);
  if (!room) return chat::domain_error("error-not-allowed", "Not allowed");
  return value(json::value(room->name));
}

MethodResult rooms_get_method(MethodCall& call) {
  bool bad = false;
  auto since = date_arg(arg(call, 0), bad);
  if (bad) return match_failed();
  auto& store = call.session.service().store();
  std::vector<store::RoomRecord> rooms = store.rooms_of_user(me(call).id);
  if (since) std::erase_if(rooms, [&](const auto& room) { return room.updated_at <= *since; });
  if (!since) return value(room_list(rooms));
  return value(json::object{{"update", room_list(rooms)}, {"remove", json::array{}}});
}

MethodResult subscriptions_get_method(MethodCall& call) {
  bool bad = false;
  auto since = date_arg(arg(call, 0), bad);
  if (bad) return match_failed();
  json::array subs;
  auto& store = call.session.service().store();
  // The rooms (for their team fields) in one query, not one per subscription.
  std::unordered_map<std::string, store::RoomRecord> rooms;
  for (auto& room : store.rooms_of_user(me(call).id)) rooms.emplace(room.id, std::move(room));
  for (const auto& s : store.subscriptions_of_user(me(call).id, since)) {
    auto room = rooms.find(s.room_id);
    subs.push_back(chat::subscription_view(s, room != rooms.end() ? &room->second : nullptr));
  }
  if (!since) return value(std::move(subs));
  json::array remove;
  for (const auto& gone :
       call.session.service().store().subscriptions_removed_since(me(call).id, *since)) {
    remove.push_back(chat::removed_subscription_view(gone));
  }
  return value(json::object{{"update", std::move(subs)}, {"remove", std::move(remove)}});
}

}  // namespace parley::ddp
