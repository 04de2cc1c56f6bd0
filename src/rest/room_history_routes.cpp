// channels.history / groups.history / im.history and channels.messages / groups.messages /
// im.messages (rc-api.md §6.4): a room's messages, newest first.
#include <boost/json/parse.hpp>

#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// The legacy Mongo `query` (rc-api.md §1.6): only {"tmid":{"$exists":false}}, which
// EmbeddedChat sends to hide thread replies, is honoured; anything else is ignored, as RC 7
// ignores the parameter. Replies shown in the channel (tshow) stay listed.
bool query_hides_thread_replies(const std::string& text) {
  if (text.empty()) return false;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return false;
  const json::value* tmid = parsed.get_object().if_contains("tmid");
  if (tmid == nullptr || !tmid->is_object()) return false;
  const json::value* exists = tmid->get_object().if_contains("$exists");
  return exists && exists->is_bool() && !exists->get_bool();
}

}  // namespace

// latest (ISO, default: no upper bound), oldest, inclusive, count (default 20), offset,
// showThreadMessages (default false, as RC 7). `unreads` is accepted; firstUnread is not
// computed.
net::HttpResponse room_history(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  store::HistoryQuery query;
  query.latest = read_iso_date(p, "latest");
  query.oldest = read_iso_date(p, "oldest");
  query.inclusive = p.optional_bool("inclusive").value_or(false);
  query.skip_thread_replies = !p.optional_bool("showThreadMessages").value_or(false);
  p.optional_bool("unreads");
  PagingLimits limits = paging_limits(s);
  limits.default_count = 20;
  Paging paging = read_paging(p, limits);
  query.offset = paging.offset;
  query.count = paging.count;
  if (p.error()) return failure(*p.error());

  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  query.room_id = room->id;
  auto list = s.messages.history(r.me(), query);
  if (!list) return failure(list.error());
  return success({{"messages", messages_json(std::move(list->messages), r.me().id)}});
}

// Paginated {messages, count, offset, total}. `sort` is validated; the order is always
// newest first. mentionIds / starredIds / pinned filters are not supported yet.
net::HttpResponse room_messages(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  bool hide_replies = query_hides_thread_replies(p.optional_string("query"));
  if (p.error()) return failure(*p.error());

  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  store::HistoryQuery query;
  query.room_id = room->id;
  query.offset = paging.offset;
  query.count = paging.count;
  query.skip_thread_replies = hide_replies;
  auto list = s.messages.history(r.me(), query);
  if (!list) return failure(list.error());
  auto count = static_cast<int64_t>(list->messages.size());
  return success({{"messages", messages_json(std::move(list->messages), r.me().id)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", list->total}});
}

}  // namespace parley::rest::handlers
