// subscriptions.get / getOne / read / unread (rc-api.md §6.5): the caller's own read state.
#include "chat/room_views.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

// {update:[subscription], remove:[{_id, _deletedAt}]}: with `updatedSince`, what changed
// and what ended after it; without, every subscription and an empty `remove`.
net::HttpResponse subscriptions_get(Services& s, RestRequest& r) {
  Reader p = r.params();
  auto since = read_iso_date(p, "updatedSince");
  if (p.error()) return failure(*p.error());
  json::array update;
  for (const auto& sub : s.store.subscriptions_of_user(r.me().id, since)) {
    auto room = s.store.room_by_id(sub.room_id);
    update.emplace_back(subscription_json(sub, room ? &*room : nullptr));
  }
  json::array remove;
  if (since) {
    for (const auto& gone : s.store.subscriptions_removed_since(r.me().id, *since)) {
      remove.emplace_back(ejson_to_rest(chat::removed_subscription_view(gone)));
    }
  }
  return success({{"update", std::move(update)}, {"remove", std::move(remove)}});
}

// {subscription} or {subscription: null} when the caller has none for the room.
net::HttpResponse subscriptions_get_one(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string room_id = p.required_string("roomId");
  if (room_id.empty()) p.fail("The parameter \"roomId\" is required");
  if (p.error()) return failure(*p.error());
  auto sub = s.store.subscription(room_id, r.me().id);
  if (!sub) return success({{"subscription", nullptr}});
  auto room = s.store.room_by_id(room_id);
  return success({{"subscription", subscription_json(*sub, room ? &*room : nullptr)}});
}

// {rid} or {roomId}; readThreads is accepted (parley has no thread unread state yet).
net::HttpResponse subscriptions_read(Services& s, RestRequest& r) {
  Reader p(r.body);
  // RC 7's schema is anyOf {rid} | {roomId}, each without other properties: a body naming
  // the room twice (even the same id) matches neither.
  if (p.has("rid") && p.has("roomId")) {
    return failure(chat::invalid_params("must NOT have additional properties"));
  }
  std::string room_id = p.optional_string("rid");
  if (room_id.empty()) room_id = p.optional_string("roomId");
  if (room_id.empty()) p.fail("The parameter \"rid\" or \"roomId\" is required");
  p.optional_bool("readThreads");
  if (p.error()) return failure(*p.error());
  auto done = s.rooms.mark_read(r.me(), room_id);
  if (!done) return failure(done.error());
  return success();
}

// {roomId} or {firstUnreadMessage:{_id}} (the message must be one the caller can read).
net::HttpResponse subscriptions_unread(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string room_id = p.optional_string("roomId");
  std::string message_id;
  if (const json::value* first = r.body.if_contains("firstUnreadMessage");
      first && !first->is_null()) {
    if (!first->is_object()) {
      p.fail("The parameter \"firstUnreadMessage\" must be an object");
    } else {
      Reader m(first->get_object());
      message_id = m.required_string("_id");
      if (m.error()) p.fail(*m.error());
    }
  }
  if (room_id.empty() && message_id.empty()) {
    p.fail("The parameter \"roomId\" or \"firstUnreadMessage\" is required");
  }
  if (p.error()) return failure(*p.error());
  std::optional<int64_t> first_unread_ts;
  if (!message_id.empty()) {
    auto message = s.store.message_by_id(message_id);
    if (!message || message->deleted_at || !s.messages.get(r.me(), message_id)) {
      return failure(chat::domain_error("error-action-not-allowed", "Not allowed"));
    }
    room_id = message->room_id;
    first_unread_ts = message->ts;
  }
  auto done = s.rooms.mark_unread(r.me(), room_id, first_unread_ts);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace parley::rest::handlers
