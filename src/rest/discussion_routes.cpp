// Discussions over REST (issue 11, item 3): rooms.createDiscussion, rooms.getDiscussions
// (apps/meteor/app/api/server/v1/rooms.ts) and chat.getDiscussions (chat.ts). The rules live in
// chat/discussions; this file reads the requests and shapes the replies as RC does.
#include "chat/discussions.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// RC answers what createRoom returned: the room plus `rid` (kept for old clients) and
// `inserted`.
json::object discussion_json(const store::RoomRecord& room) {
  json::object out = room_json(room);
  out["rid"] = room.id;
  out["inserted"] = true;
  return out;
}

}  // namespace

// {prid, t_name, pmid?, reply?, users?, encrypted?, topic?} -> {discussion}. RC checks the
// body by hand (no schema yet), so bad bodies are plain failures with its texts.
net::HttpResponse rooms_create_discussion(Services& s, RestRequest& r) {
  if (!s.discussions) return failure(chat::not_found());
  auto text = [&](std::string_view key) {
    const json::value* v = r.body.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string{};
  };
  chat::CreateDiscussion request;
  request.parent_id = text("prid");
  request.parent_message_id = text("pmid");
  request.name = text("t_name");
  request.reply = text("reply");
  request.topic = text("topic");
  if (request.parent_id.empty()) return plain_failure("Body parameter \"prid\" is required.");
  if (request.name.empty()) return plain_failure("Body parameter \"t_name\" is required.");
  if (const json::value* users = r.body.if_contains("users"); users && !users->is_null()) {
    if (!users->is_array()) return plain_failure("Body parameter \"users\" must be an array.");
    for (const auto& u : users->get_array()) {
      if (u.is_string() && !u.get_string().empty()) request.usernames.emplace_back(u.get_string());
    }
  }
  if (const json::value* encrypted = r.body.if_contains("encrypted")) {
    if (!encrypted->is_bool()) {
      return plain_failure("Body parameter \"encrypted\" must be a boolean when included.");
    }
    request.encrypted = encrypted->get_bool();
  }
  auto created = s.discussions->create(r.me(), std::move(request));
  if (!created) return failure(created.error());
  return success({{"discussion", discussion_json(*created)}});
}

// roomId | roomName, text?, offset/count -> {discussions, count, offset, total}, by fname.
net::HttpResponse rooms_get_discussions(Services& s, RestRequest& r) {
  if (!s.discussions) return failure(chat::not_found());
  Reader p = r.params();
  chat::RoomRef ref{p.optional_string("roomId"), p.optional_string("roomName")};
  if (ref.id.empty() && ref.name.empty()) {
    p.fail(chat::domain_error("error-roomid-param-not-provided",
                              "The parameter \"roomId\" or \"roomName\" is required"));
  }
  std::string text = p.optional_string("text");
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  auto list = s.discussions->rooms_of(r.me(), ref, std::move(text), paging.offset, paging.count);
  if (!list) return failure(list.error());
  json::array discussions;
  for (const auto& room : list->rooms) discussions.push_back(room_json(room));
  const auto count = static_cast<int64_t>(discussions.size());
  return success({{"discussions", std::move(discussions)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", list->total}});
}

// roomId, text?, offset/count -> {messages, count, offset, total}: the room's
// discussion-created messages (those with a drid), newest first.
net::HttpResponse chat_get_discussions(Services& s, RestRequest& r) {
  if (!s.discussions) return failure(chat::not_found());
  Reader p = r.params();
  if (!p.has("roomId")) p.fail("must have required property 'roomId'");
  std::string room_id = p.optional_string("roomId");
  std::string text = p.optional_string("text");
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  auto list =
      s.discussions->messages_of(r.me(), room_id, std::move(text), paging.offset, paging.count);
  // RC throws a plain Error('error-not-allowed'): its text is the whole `error`.
  if (!list) return plain_failure(list.error().code_string());
  return message_page(std::move(*list), paging, r.me().id);
}

}  // namespace parley::rest::handlers
