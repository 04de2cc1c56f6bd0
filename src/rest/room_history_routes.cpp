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
  query.count_total = false;  // RC 7 answers {messages} here, without count or total
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
  bool oldest_first = read_ts_sort(p);
  bool hide_replies = query_hides_thread_replies(p.optional_string("query"));
  // Newer RC: mentionIds / starredIds are JSON arrays of user ids, pinned is "true".
  auto mentioning = read_id_list(p, "mentionIds");
  auto starred_by = read_id_list(p, "starredIds");
  bool pinned_only = p.optional_bool("pinned").value_or(false);
  if (p.error()) return failure(*p.error());

  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  store::HistoryQuery query;
  query.room_id = room->id;
  query.offset = paging.offset;
  query.count = paging.count;
  query.skip_thread_replies = hide_replies;
  query.oldest_first = oldest_first;
  query.mentioning = std::move(mentioning);
  query.starred_by = std::move(starred_by);
  query.pinned_only = pinned_only;
  auto list = s.messages.history(r.me(), query);
  if (!list) return failure(list.error());
  return message_page(std::move(*list), paging, r.me().id);
}

namespace {

enum class Marked { kPinned, kStarredByMe, kMentioningMe };

// chat.getPinnedMessages / getStarredMessages / getMentionedMessages: roomId, pagination,
// sort -> {messages, count, offset, total}, newest first unless sort says {"ts": 1}.
net::HttpResponse marked_messages(Services& s, RestRequest& r, Marked marked) {
  Reader p = r.params();
  std::string room_id = p.required_string("roomId");
  Paging paging = read_paging(p, paging_limits(s));
  bool oldest_first = read_ts_sort(p);
  if (p.error()) return failure(*p.error());
  store::HistoryQuery query;
  query.room_id = room_id;
  query.offset = paging.offset;
  query.count = paging.count;
  query.oldest_first = oldest_first;
  query.pinned_only = marked == Marked::kPinned;
  if (marked == Marked::kStarredByMe) query.starred_by = {r.me().id};
  if (marked == Marked::kMentioningMe) query.mentioning = {r.me().id};
  auto list = s.messages.history(r.me(), query);
  if (!list) return failure(list.error());
  return message_page(std::move(*list), paging, r.me().id);
}

}  // namespace

net::HttpResponse chat_get_pinned_messages(Services& s, RestRequest& r) {
  return marked_messages(s, r, Marked::kPinned);
}
net::HttpResponse chat_get_starred_messages(Services& s, RestRequest& r) {
  return marked_messages(s, r, Marked::kStarredByMe);
}
net::HttpResponse chat_get_mentioned_messages(Services& s, RestRequest& r) {
  return marked_messages(s, r, Marked::kMentioningMe);
}

}  // namespace parley::rest::handlers
