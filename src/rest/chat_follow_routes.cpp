// chat.followMessage, chat.unfollowMessage, chat.getDeletedMessages and chat.ignoreUser
// (issue 11, item 8; apps/meteor/app/api/server/v1/chat.ts). Requests are checked as RC's
// schemas check them ("must have required property ..."), then chat/ applies the rules.
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

net::HttpResponse follow(Services& s, RestRequest& r, bool following) {
  Reader p(r.body);
  if (!p.has("mid")) p.fail("must have required property 'mid'");
  std::string mid = p.optional_string("mid");
  if (p.error()) return failure(*p.error());
  auto done = s.messages.set_following(r.me(), mid, following);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace

// {mid} -> {success}: the caller follows the message's thread.
net::HttpResponse chat_follow_message(Services& s, RestRequest& r) {
  return follow(s, r, true);
}

// {mid} -> {success}: the caller stops following the message's thread.
net::HttpResponse chat_unfollow_message(Services& s, RestRequest& r) {
  return follow(s, r, false);
}

// roomId, since (ISO date), offset/count -> {messages: [{_id}], count, offset, total}: the
// room's messages deleted after `since`, in the order they were deleted.
net::HttpResponse chat_get_deleted_messages(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("roomId")) p.fail("must have required property 'roomId'");
  if (!p.has("since")) p.fail("must have required property 'since'");
  std::string room_id = p.optional_string("roomId");
  std::string since_text = p.optional_string("since");
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());
  // RC's schema wants a date-time string; what it refuses is an invalid-params failure.
  auto since = parse_iso8601(since_text);
  if (!since) {
    return failure(chat::invalid_params("The \"since\" query parameter must be a valid date."));
  }
  auto list = s.messages.deleted_since(r.me(), room_id, *since, paging.offset, paging.count);
  if (!list) return failure(list.error());
  json::array messages;
  for (auto& m : list->messages) messages.emplace_back(std::move(m));
  const auto count = static_cast<int64_t>(messages.size());
  return success({{"messages", std::move(messages)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", list->total}});
}

// GET rid, userId, ignore ("true"/"1" or not; default true) -> {success}: marks (or unmarks)
// userId in the caller's subscription's `ignored`, which clients use to hide their messages.
net::HttpResponse chat_ignore_user(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("rid")) p.fail("must have required property 'rid'");
  if (!p.has("userId")) p.fail("must have required property 'userId'");
  std::string rid = p.optional_string("rid");
  std::string user_id = p.optional_string("userId");
  if (p.error()) return failure(*p.error());
  bool ignore = true;
  if (p.has("ignore")) {
    std::string text = p.optional_string("ignore");
    // RC: /true|1/.test(ignore).
    ignore = text.find("true") != std::string::npos || text.find('1') != std::string::npos;
  }
  auto blank = [](const std::string& v) {
    return v.find_first_not_of(" \t\n\r") == std::string::npos;
  };
  if (blank(rid)) {
    return failure(chat::domain_error("error-room-id-param-not-provided",
                                      "The required \"rid\" param is missing."));
  }
  if (blank(user_id)) {
    return failure(chat::domain_error("error-user-id-param-not-provided",
                                      "The required \"userId\" param is missing."));
  }
  auto done = s.rooms.set_ignored(r.me(), rid, user_id, ignore);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace parley::rest::handlers
