// chat.getThreadsList and chat.syncThreadsList (apps/meteor/app/api/server/v1/chat.ts): a
// room's threads for the threads panel, and what changed in them since a date.
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

// rid, type (all|following|unread), text, offset/count -> {threads, count, offset, total},
// newest last reply first. A `sort` is validated; the order stays RC's default {tlm: -1}.
net::HttpResponse chat_get_threads_list(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("rid")) p.fail("must have required property 'rid'");
  store::ThreadQuery query;
  query.room_id = p.optional_string("rid");
  std::string type = p.optional_string("type");
  if (!type.empty() && type != "all" && type != "following" && type != "unread") {
    p.fail("must be equal to one of the allowed values");
  }
  query.text = p.optional_string("text");
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  query.offset = paging.offset;
  query.count = paging.count;
  auto list = s.messages.thread_list(r.me(), std::move(query), type);
  if (!list) return failure(list.error());
  const auto count = static_cast<int64_t>(list->messages.size());
  return success({{"threads", messages_json(std::move(list->messages), r.me().id)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", list->total}});
}

// rid + updatedSince (ISO) -> {threads: {update, remove}}
net::HttpResponse chat_sync_threads_list(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("rid")) p.fail("must have required property 'rid'");
  if (!p.has("updatedSince")) p.fail("must have required property 'updatedSince'");
  std::string room_id = p.optional_string("rid");
  std::string since_text = p.optional_string("updatedSince");
  if (p.error()) return failure(*p.error());
  if (!s.messages.threads_enabled()) {
    return failure(chat::domain_error("error-not-allowed", "Threads Disabled"));
  }
  auto since = parse_iso8601(since_text);
  if (!since) {
    return failure(
        chat::domain_error("error-updatedSince-param-invalid",
                           "The \"updatedSince\" query parameter must be a valid date."));
  }
  auto sync = s.messages.thread_sync(r.me(), room_id, *since);
  if (!sync) return failure(sync.error());
  json::array remove;
  for (auto& m : sync->remove) remove.emplace_back(ejson_to_rest(std::move(m)));
  return success(
      {{"threads", json::object{{"update", messages_json(std::move(sync->update), r.me().id)},
                                {"remove", std::move(remove)}}}});
}

// rooms.hide {roomId}: {success} once hidden; error-room-already-hidden when it was already
// (RC's modifiedCount 0); 403 unauthorized for a room the caller cannot read.
net::HttpResponse rooms_hide(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("roomId")) p.fail("must have required property 'roomId'");
  std::string room_id = p.optional_string("roomId");
  if (p.error()) return failure(*p.error());
  if (!s.rooms.find(r.me(), {room_id, ""})) return unauthorized();
  if (!s.rooms.set_visible(r.me(), room_id, false)) {
    return plain_failure("error-room-already-hidden");
  }
  return success();
}

// rooms.open {roomId}: back in the sidebar; success whether or not it changed.
net::HttpResponse rooms_open(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("roomId")) p.fail("must have required property 'roomId'");
  std::string room_id = p.optional_string("roomId");
  if (p.error()) return failure(*p.error());
  s.rooms.set_visible(r.me(), room_id, true);
  return success();
}

}  // namespace parley::rest::handlers
