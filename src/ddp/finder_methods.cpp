#include "ddp/finder_methods.hpp"

#include <boost/json/array.hpp>
#include <cmath>

#include "chat/finder.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

const json::value* arg(const MethodCall& call, std::size_t i) {
  return i < call.params.size() ? &call.params[i] : nullptr;
}

bool absent(const json::value* v) {
  return !v || v->is_null();
}

// A JSON number as an integer (Meteor's check(x, Number) accepts any number).
std::optional<int64_t> number(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
  if (v.is_double() && std::isfinite(v.get_double())) return static_cast<int64_t>(v.get_double());
  return std::nullopt;
}

MethodResult value(json::value v) {
  return std::optional<json::value>(std::move(v));
}

json::array docs(std::vector<json::object> messages) {
  json::array out;
  for (auto& m : messages) out.push_back(std::move(m));
  return out;
}

chat::Finder finder(MethodCall& call) {
  Service& s = call.session.service();
  return chat::Finder(s.store(), s.rooms(), s.settings());
}

}  // namespace

// spotlight(text, usernames = [], type = {users, rooms}, rid)
MethodResult spotlight_method(MethodCall& call) {
  const json::value* text = arg(call, 0);
  if (!text || !text->is_string()) return match_failed();
  chat::SpotlightRequest request;
  request.text = std::string(text->get_string());
  if (const json::value* names = arg(call, 1); !absent(names)) {
    if (!names->is_array()) return match_failed();
    for (const auto& n : names->get_array()) {
      if (!n.is_string()) return match_failed();
      request.exclude_usernames.emplace_back(n.get_string());
    }
  }
  if (const json::value* type = arg(call, 2); !absent(type)) {
    if (!type->is_object()) return match_failed();
    // As in RC, a type object without a kind asks for none of it.
    auto flag = [&](const char* key) {
      const json::value* v = type->get_object().if_contains(key);
      return v && v->is_bool() && v->get_bool();
    };
    request.users = flag("users");
    request.rooms = flag("rooms");
  }
  if (const json::value* rid = arg(call, 3); !absent(rid)) {
    if (!rid->is_string()) return match_failed();
    request.room_id = std::string(rid->get_string());
  }
  return value(finder(call).spotlight(*call.session.user(), std::move(request)));
}

// browseChannels({text, workspace, type, sortBy, sortDirection, page, offset, limit}): the
// page {total, results}, or nothing (undefined) for parameters RC does not accept.
MethodResult browse_channels_method(MethodCall& call) {
  const json::value* p = arg(call, 0);
  if (!p || !p->is_object()) return match_failed();
  const json::object& o = p->get_object();
  auto text_of = [&](const char* key, std::string fallback) -> std::optional<std::string> {
    const json::value* v = o.if_contains(key);
    if (absent(v)) return fallback;
    if (!v->is_string()) return std::nullopt;
    return std::string(v->get_string());
  };
  auto int_of = [&](const char* key, int64_t fallback) -> std::optional<int64_t> {
    const json::value* v = o.if_contains(key);
    if (absent(v)) return fallback;
    return number(*v);
  };
  auto text = text_of("text", "");
  auto workspace = text_of("workspace", "");
  auto type = text_of("type", "channels");
  auto sort_by = text_of("sortBy", "name");
  auto direction = text_of("sortDirection", "asc");
  auto page = int_of("page", 0);
  auto offset = int_of("offset", 0);
  auto limit = int_of("limit", 10);
  if (!text || !workspace || !type || !sort_by || !direction || !page || !offset || !limit) {
    return nothing();
  }
  if (*direction != "asc" && *direction != "desc") return nothing();
  chat::DirectoryRequest request;
  request.text = *text;
  request.workspace = *workspace;
  request.type = *type;
  request.sort_by = *sort_by;
  request.descending = *direction == "desc";
  request.offset = std::max<int64_t>(0, *offset ? *offset : (*page > -1 ? *limit * *page : 0));
  request.limit = *limit > 0 ? *limit : 10;
  auto result = finder(call).directory(*call.session.user(), request);
  if (!result) return nothing();
  return value(json::object{{"total", result->total}, {"results", std::move(result->results)}});
}

// messageSearch(text, rid, limit = 20, offset = 0) -> {message: {docs}}; `false` for a room the
// caller cannot read. Without a room, every room of the caller, when
// Search.defaultProvider.GlobalSearchEnabled is on (RC's default: off, so nothing).
MethodResult message_search_method(MethodCall& call) {
  const json::value* text = arg(call, 0);
  const json::value* rid = arg(call, 1);
  const json::value* limit = arg(call, 2);
  const json::value* offset = arg(call, 3);
  if (!text || !text->is_string()) return match_failed();
  if (!absent(rid) && !rid->is_string()) return match_failed();
  std::optional<int64_t> count = int64_t{20}, skip = int64_t{0};
  if (limit && !limit->is_null()) count = number(*limit);
  if (offset && !offset->is_null()) skip = number(*offset);
  if (!count || !skip) return match_failed();
  auto empty = [] {
    return value(json::object{{"message", json::object{{"docs", json::array{}}}}});
  };

  Service& s = call.session.service();
  const store::UserRecord me = *call.session.user();
  const std::string room_id = absent(rid) ? std::string() : std::string(rid->get_string());
  const std::string_view words = text->get_string();
  chat::MessageList found;
  if (!room_id.empty()) {
    auto list = s.messages().search(me, room_id, words, *skip, *count);
    if (!list) return value(false);
    found = std::move(*list);
  } else {
    if (!s.settings() || !s.settings()->boolean("Search.defaultProvider.GlobalSearchEnabled")) {
      return empty();
    }
    found = s.messages().search_member_rooms(me, words, *skip, *count);
  }
  return value(json::object{{"message", json::object{{"docs", docs(std::move(found.messages))}}}});
}

// getThreadMessages({tmid, limit, skip}) -> [parent, ...replies newest first]
MethodResult get_thread_messages_method(MethodCall& call) {
  const json::value* p = arg(call, 0);
  if (!p || !p->is_object()) return match_failed();
  const json::object& o = p->get_object();
  const json::value* tmid = o.if_contains("tmid");
  if (!tmid || !tmid->is_string()) return match_failed();
  int64_t limit = 0, skip = 0;
  if (const json::value* l = o.if_contains("limit"); !absent(l)) {
    auto n = number(*l);
    if (!n) return match_failed();
    limit = *n;
  }
  if (const json::value* k = o.if_contains("skip"); !absent(k)) {
    auto n = number(*k);
    if (!n) return match_failed();
    skip = *n;
  }
  constexpr int64_t kMaxLimit = 100;
  if (limit > kMaxLimit) return chat::domain_error("error-not-allowed", "max limit: 100");
  auto list = call.session.service().messages().thread_with_parent(*call.session.user(),
                                                                   tmid->get_string(), skip, limit);
  if (!list) return list.error();
  return value(docs(std::move(list->messages)));
}

}  // namespace parley::ddp
