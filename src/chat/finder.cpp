#include "chat/finder.hpp"

#include <algorithm>
#include <set>

#include "chat/permissions.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

json::object ejson_date(int64_t ms) {
  return json::object{{"$date", ms}};
}

// spotlight's user projection: _id, username, name, status, statusText, avatarETag.
json::object spotlight_user(const store::UserRecord& u, bool outside) {
  json::object out{{"_id", u.id}, {"username", u.username}, {"name", u.name}, {"status", u.status}};
  if (!u.status_text.empty()) out["statusText"] = u.status_text;
  if (u.avatar) out["avatarETag"] = u.avatar->etag;
  if (outside) out["outside"] = true;
  return out;
}

// Copies `keys` of the room's document (when present) into `out`.
void copy_doc_fields(const store::RoomRecord& room, json::object& out,
                     std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const json::value* v = room.doc.if_contains(key)) out[key] = *v;
  }
}

bool may_list_outsiders(const store::UserRecord& me) {
  return has_permission(me, "view-outside-room") && has_permission(me, "view-d-room");
}

}  // namespace

json::object Finder::spotlight(const store::UserRecord& me, SpotlightRequest request) {
  if (request.text.starts_with('#')) {
    request.users = false;
    request.text.erase(0, 1);
  }
  if (request.text.starts_with('@')) {
    request.rooms = false;
    request.text.erase(0, 1);
  }
  return json::object{
      {"users", request.users ? spotlight_users(me, request) : json::array{}},
      {"rooms", request.rooms ? spotlight_rooms(me, request.text) : json::array{}},
  };
}

json::array Finder::spotlight_users(const store::UserRecord& me, const SpotlightRequest& r) {
  int64_t limit =
      settings_ ? settings_->integer("Number_of_users_autocomplete_suggestions") : int64_t{5};
  json::array out;
  if (limit <= 0) return out;
  std::vector<std::string> seen = r.exclude_usernames;
  auto take = [&](const std::vector<store::UserRecord>& users, bool outside) {
    for (const auto& u : users) {
      if (limit <= 0) return;
      out.push_back(spotlight_user(u, outside));
      seen.push_back(u.username);
      --limit;
    }
  };
  auto search = [&](std::optional<std::vector<std::string>> among) {
    store::UserSearch s;
    s.text = r.text;
    s.exclude_usernames = seen;
    s.among_ids = std::move(among);
    s.count = limit;
    return store_.search_users(s).users;
  };

  const bool outsiders = may_list_outsiders(me);
  std::optional<store::RoomRecord> room;
  if (!r.room_id.empty()) {
    room = store_.room_by_id(r.room_id);
    if (!room) return out;  // RC: an unknown rid finds nobody
  }
  const bool insiders = outsiders || (room && rooms_.find(me, {room->id, ""}));
  std::vector<std::string> member_ids;
  if (room && insiders) {
    member_ids = store_.room_member_ids(room->id);
    if (room->type == "d") std::erase(member_ids, me.id);  // RC: a DM's other members only
  }

  // An exact username: the room's member first, else anyone when outsiders may be listed.
  if (!r.text.empty()) {
    auto exact = store_.user_by_username(r.text);
    if (exact && exact->active) {
      const bool in_room = std::ranges::find(member_ids, exact->id) != member_ids.end();
      if (in_room) {
        take({*exact}, false);
      } else if (outsiders) {
        take({*exact}, true);
      }
    }
  }

  // The users one shares a DM with ("connected" users in RC).
  auto dm_partners = [&] {
    std::vector<std::string> ids;
    for (const auto& s : store_.subscriptions_of_user(me.id, std::nullopt)) {
      if (s.room_type != "d") continue;
      for (const auto& uid : store_.room_member_ids(s.room_id)) {
        if (uid != me.id && std::ranges::find(ids, uid) == ids.end()) ids.push_back(uid);
      }
    }
    return ids;
  };

  if (room && insiders) {
    if (limit > 0) take(search(member_ids), false);
    if (limit > 0) take(search(dm_partners()), true);
  }
  if (outsiders) {
    if (limit > 0) take(search(std::nullopt), true);
  } else if (limit > 0) {
    take(search(dm_partners()), true);
  }
  return out;
}

json::array Finder::spotlight_rooms(const store::UserRecord& me, const std::string& text) {
  json::array out;
  if (!has_permission(me, "view-outside-room") || !has_permission(me, "view-c-room")) return out;
  store::RoomSearch s;
  s.text = text;
  s.types = {"c"};
  s.not_member_id = me.id;
  s.count = 5;
  const bool with_last_message = has_permission(me, "preview-c-room");
  for (const auto& room : store_.search_rooms(s).rooms) {
    json::object r{{"_id", room.id}, {"t", room.type}, {"name", room.name}};
    copy_doc_fields(room, r, {"fname", "teamMain", "joinCodeRequired", "prid", "federated"});
    if (with_last_message && !room.last_message.empty()) r["lastMessage"] = room.last_message;
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<DirectoryPage> Finder::directory(const store::UserRecord& me,
                                               const DirectoryRequest& r) {
  static const std::set<std::string, std::less<>> kTypes = {"channels", "users", "teams"};
  if (!kTypes.contains(r.type)) return std::nullopt;
  std::set<std::string, std::less<>> sorts = {"name", "createdAt", "usersCount"};
  if (r.type != "users") sorts.insert({"usernames", "lastMessage"});
  if (r.type == "users") sorts.insert({"username", "email", "bio"});
  if (!sorts.contains(r.sort_by)) return std::nullopt;
  if (r.type == "channels") return directory_channels(me, r);
  if (r.type == "users") return directory_users(me, r);
  return DirectoryPage{};  // teams: parley has none yet
}

std::optional<DirectoryPage> Finder::directory_channels(const store::UserRecord& me,
                                                        const DirectoryRequest& r) {
  if (!has_permission(me, "view-c-room")) return std::nullopt;
  store::RoomSearch s;
  s.text = r.text;
  s.types = {"c"};
  s.member_id = me.id;
  s.member_types = {"p"};
  s.featured_first = true;
  s.descending = r.descending;
  if (r.sort_by == "createdAt") s.sort = store::RoomSearch::Sort::kCreatedAt;
  if (r.sort_by == "usersCount") s.sort = store::RoomSearch::Sort::kUsersCount;
  if (r.sort_by == "lastMessage") s.sort = store::RoomSearch::Sort::kLastMessage;
  s.offset = r.offset;
  s.count = r.limit;
  auto page = store_.search_rooms(s);
  DirectoryPage out;
  out.total = page.total;
  for (const auto& room : page.rooms) {
    json::object o{{"_id", room.id},
                   {"t", room.type},
                   {"name", room.name},
                   {"ts", ejson_date(room.created_at)},
                   {"usersCount", room.users_count}};
    copy_doc_fields(room, o,
                    {"fname", "description", "topic", "featured", "prid", "teamId", "federated"});
    if (room.archived) o["archived"] = true;
    if (room.is_default) o["default"] = true;
    if (!room.last_message.empty()) o["lastMessage"] = room.last_message;
    out.results.push_back(std::move(o));
  }
  return out;
}

std::optional<DirectoryPage> Finder::directory_users(const store::UserRecord& me,
                                                     const DirectoryRequest& r) {
  if (!may_list_outsiders(me)) return std::nullopt;
  DirectoryPage out;
  if (r.workspace == "external") return out;  // no federation: nobody is external
  store::UserSearch s;
  s.text = r.text;
  s.match_email = r.workspace == "all";
  s.descending = r.descending;
  if (r.sort_by == "name") s.sort = store::UserSearch::Sort::kName;
  if (r.sort_by == "createdAt") s.sort = store::UserSearch::Sort::kCreatedAt;
  if (r.sort_by == "email") s.sort = store::UserSearch::Sort::kEmail;
  s.offset = r.offset;
  s.count = r.limit;
  const bool with_emails = has_permission(me, "view-full-other-user-info");
  auto page = store_.search_users(s);
  out.total = page.total;
  for (const auto& u : page.users) {
    json::object o{{"_id", u.id},
                   {"username", u.username},
                   {"name", u.name},
                   {"createdAt", ejson_date(u.created_at)}};
    if (u.avatar) o["avatarETag"] = u.avatar->etag;
    if (with_emails && !u.emails.empty()) {
      json::array emails;
      for (const auto& e : u.emails) {
        emails.push_back(json::object{{"address", e.address}, {"verified", e.verified}});
      }
      o["emails"] = std::move(emails);
    }
    out.results.push_back(std::move(o));
  }
  return out;
}

}  // namespace parley::chat
