// GET /avatar/:username, /avatar/uid/:userId, /avatar/room/:rid (rc-api.md §6.3; Rocket.Chat's
// apps/meteor/server/routes/avatar/{index,user,room,utils}.ts). Outside /api/v1 and anonymous,
// as in Rocket.Chat (Accounts_AvatarBlockUnauthenticatedAccess is not implemented: off).
//
// Until avatars can be uploaded every answer is the generated initials SVG (chat/avatar_svg).
// What Rocket.Chat does, and parley with it:
//  - /avatar/<name> never looks the name up unless UI_Use_Name_Avatar is on: an unknown user,
//    a room name (EmbeddedChat asks /avatar/<roomname>) or anything else gets the initials of
//    the name asked for. "/avatar/@<name>" always answers the SVG of <name>.
//  - /avatar/uid/<id> and /avatar/room/<rid> are 404 (empty body) for an unknown id.
//  - Cache-Control "public, max-age=<cacheTime query or Accounts_AvatarCacheTime>",
//    Content-Disposition inline, Last-Modified a fixed 2015 date; an If-Modified-Since equal to
//    that date is a 304 (not for "@" names, which RC always renders).
// parley adds a strong ETag (a digest of the bytes) and answers If-None-Match with 304.
// ?format=png|jpg|jpeg: Rocket.Chat converts the SVG with sharp; parley has no rasteriser yet,
// so it answers the SVG (Content-Type image/svg+xml) whatever the format.
#include "chat/avatar_svg.hpp"
#include "chat/settings.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"
#include "util/hash.hpp"

namespace parley::rest::handlers {

namespace {

constexpr std::string_view kFallbackLastModified = "Thu, 01 Jan 2015 00:00:00 GMT";
constexpr int kMaxDiscussionDepth = 16;

net::HttpResponse empty(int status) {
  net::HttpResponse response;
  response.status = status;
  response.content_type.clear();
  return response;
}

// The cookie `name` from a Cookie header ("a=1; rc_uid=x"), or "".
std::string cookie(const net::HttpRequest& http, std::string_view name) {
  std::string_view header = http.header("cookie");
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

// Cache-Control and Content-Disposition, as RC's setCacheAndDispositionHeaders. A cacheTime
// query that is not a plain number is ignored (RC would copy it into the header as is).
void add_cache_headers(Services& s, const RestRequest& r, net::HttpResponse& response) {
  std::string max_age;
  for (const auto& [k, v] : r.query) {
    if (k != "cacheTime") continue;
    if (!v.empty() && v.size() < 12 && v.find_first_not_of("0123456789") == std::string::npos) {
      max_age = v;
    }
    break;
  }
  if (max_age.empty()) max_age = std::to_string(s.settings.integer("Accounts_AvatarCacheTime"));
  response.headers.emplace_back("Cache-Control", "public, max-age=" + max_age);
  response.headers.emplace_back("Content-Disposition", "inline");
}

bool fallback_not_modified(const RestRequest& r) {
  return r.http.header("if-modified-since") == kFallbackLastModified;
}

// Whether If-None-Match names `etag` (a list, weak forms, or "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    if_none_match =
        comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

net::HttpResponse svg_avatar(Services& s, const RestRequest& r, std::string_view name,
                             bool all_initials) {
  int size = chat::avatar::kDefaultSvgSize;
  for (const auto& [k, v] : r.query) {
    if (k != "size") continue;
    size = chat::avatar::size_param(v).value_or(size);
    break;
  }
  std::string svg = chat::avatar::render_svg(name, size, all_initials);
  std::string etag = "\"" + util::sha256_hex(svg).substr(0, 32) + "\"";
  net::HttpResponse response;
  add_cache_headers(s, r, response);
  response.headers.emplace_back("Last-Modified", std::string(kFallbackLastModified));
  response.headers.emplace_back("ETag", etag);
  if (etag_matches(r.http.header("if-none-match"), etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = "image/svg+xml";
  response.body = std::move(svg);
  return response;
}

net::HttpResponse not_modified(Services& s, const RestRequest& r) {
  net::HttpResponse response = empty(304);
  add_cache_headers(s, r, response);
  response.headers.emplace_back("Last-Modified", std::string(kFallbackLastModified));
  return response;
}

std::string doc_string(const store::RoomRecord& room, std::string_view key) {
  const auto* v = room.doc.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The name RC's roomCoordinator.getRoomName gives the room, for the initials.
std::string room_avatar_name(Services& s, const RestRequest& r, const store::RoomRecord& room) {
  const std::string fname = doc_string(room, "fname");
  if (room.type == "c" || room.type == "p") {
    // A discussion is named by its fname; otherwise the name (UI_Allow_room_names_with_special_
    // chars, which would prefer fname, is not a parley setting: off).
    return doc_string(room, "prid").empty() ? room.name : fname;
  }
  if (room.type == "d") {
    if (!room.name.empty()) return room.name;
    // The DM as the caller sees it (the other user), by the rc_uid cookie as RC reads it (no
    // token check: it only picks a name); otherwise as any member sees it.
    std::string uid = cookie(r.http, "rc_uid");
    std::optional<store::SubscriptionRecord> sub;
    if (!uid.empty()) sub = s.store.subscription(room.id, uid);
    if (!sub) {
      for (const auto& member : s.store.room_member_ids(room.id)) {
        sub = s.store.subscription(room.id, member);
        if (sub) break;
      }
    }
    return sub ? sub->name : std::string();
  }
  return fname.empty() ? room.name : fname;
}

}  // namespace

net::HttpResponse avatar_user(Services& s, RestRequest& r) {
  const std::string& requested = r.path_param;
  const bool use_name = s.settings.boolean("UI_Use_Name_Avatar");
  if (requested.front() == '@') return svg_avatar(s, r, requested.substr(1), use_name);
  if (fallback_not_modified(r)) return not_modified(s, r);
  if (use_name) {
    auto user = s.store.user_by_username(requested);
    if (user && !user->name.empty()) return svg_avatar(s, r, user->name, true);
  }
  return svg_avatar(s, r, requested, false);
}

net::HttpResponse avatar_user_by_id(Services& s, RestRequest& r) {
  if (fallback_not_modified(r)) return not_modified(s, r);
  auto user = s.store.user_by_id(r.path_param);
  if (!user || user->username.empty()) return empty(404);
  if (s.settings.boolean("UI_Use_Name_Avatar") && !user->name.empty()) {
    return svg_avatar(s, r, user->name, true);
  }
  return svg_avatar(s, r, user->username, false);
}

net::HttpResponse avatar_room(Services& s, RestRequest& r) {
  auto room = s.store.room_by_id(r.path_param);
  // A discussion without its own avatar shows its parent's (RC's getRoomAndAvatarFile), named
  // as the parent; one whose parent is gone is a 404, as in RC.
  for (int depth = 0; room && depth < kMaxDiscussionDepth; ++depth) {
    std::string parent = doc_string(*room, "prid");
    if (parent.empty()) break;
    auto up = s.store.room_by_id(parent);
    room = std::move(up);
  }
  if (!room) return empty(404);
  if (fallback_not_modified(r)) return not_modified(s, r);
  std::string name = room_avatar_name(s, r, *room);
  // RC renders undefined (it fails) for a DM nobody is subscribed to; '?' is its own "unknown".
  return svg_avatar(s, r, name.empty() ? "?" : name, false);
}

}  // namespace parley::rest::handlers
