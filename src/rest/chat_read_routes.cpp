// chat.* that read (rc-api.md §6.6): getMessage, syncMessages, getThreadMessages, search.
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

net::HttpResponse chat_get_message(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string message_id = p.required_string("msgId");
  if (message_id.empty()) p.fail("The \"msgId\" query parameter must be provided.");
  if (p.error()) return failure(*p.error());
  auto message = s.messages.get(r.me(), message_id);
  if (!message) return failure(message.error());
  return success({{"message", message_json(std::move(*message), r.me().id)}});
}

// roomId + lastUpdate (ISO) -> {result:{updated, deleted:[{_id, _deletedAt}]}}. RC's cursor
// form (type UPDATED|DELETED with next/previous) is not supported and refused as such.
net::HttpResponse chat_sync_messages(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string room_id = p.required_string("roomId");
  auto since = read_iso_date(p, "lastUpdate");
  std::string type = p.optional_string("type");
  if (!since && !p.error()) {
    p.fail(type.empty() ? "The \"type\" or \"lastUpdate\" parameters must be provided"
                        : "The \"type\" cursor form is not supported; send \"lastUpdate\"");
  }
  if (p.error()) return failure(*p.error());
  auto sync = s.messages.sync(r.me(), room_id, *since);
  if (!sync) return failure(sync.error());
  json::array deleted;
  for (auto& d : sync->deleted) deleted.emplace_back(ejson_to_rest(std::move(d)));
  return success(
      {{"result", json::object{{"updated", messages_json(std::move(sync->updated), r.me().id)},
                               {"deleted", std::move(deleted)}}}});
}

// tmid + pagination -> {messages, count, offset, total}, oldest first (RC's default sort
// {"ts":1}; `sort` is validated, the order is fixed). Extra params (EmbeddedChat's roomId)
// are ignored.
net::HttpResponse chat_thread_messages(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string thread_id = p.required_string("tmid");
  if (thread_id.empty()) p.fail("The parameter \"tmid\" must not be empty");
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  auto list = s.messages.thread(r.me(), thread_id, paging.offset, paging.count);
  if (!list) return failure(list.error());
  return message_page(std::move(*list), paging, r.me().id);
}

// roomId + searchText + pagination -> {messages}, newest first.
net::HttpResponse chat_search(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string room_id = p.required_string("roomId");
  std::string text = p.required_string("searchText");
  if (text.empty()) p.fail("The parameter \"searchText\" must not be empty");
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());
  auto list = s.messages.search(r.me(), room_id, text, paging.offset, paging.count);
  if (!list) return failure(list.error());
  return success({{"messages", messages_json(std::move(list->messages), r.me().id)}});
}

}  // namespace parley::rest::handlers
