// The finders (spotlight, directory), the search across a member's rooms, and the thread
// lists of a room. Each builds its WHERE from the request's optional parts and binds the
// values in the same order; nothing a client sends becomes SQL text.
//
// Text filters are Rocket.Chat's `new RegExp(escapeRegExp(text), 'i')`: a case-insensitive
// substring. instr(lower(..), lower(?)) folds ASCII only, as SQLite's lower() does; a scan of
// users or rooms is fine at the sizes these finders serve (a page of 5-100 out of thousands).
#include <algorithm>
#include <functional>

#include "store/sqlite/fts_query.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/room_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_rows.hpp"

namespace parley::store {

using sqlite::Query;
using sqlite::ReadTransaction;

namespace {

// A WHERE under construction with the values its placeholders take, in order.
struct Filter {
  std::string sql;
  std::vector<std::function<void(Query&, int)>> binders;

  void add(const std::string& clause) { sql += (sql.empty() ? "WHERE " : " AND ") + clause; }
  void value(std::string v) {
    binders.push_back([v = std::move(v)](Query& q, int i) { q.bind(i, v); });
  }
  void value(int64_t v) {
    binders.push_back([v](Query& q, int i) { q.bind(i, v); });
  }
  void in_list(const std::string& column, const std::vector<std::string>& values) {
    add(values.empty() ? std::string("0")
                       : column + " IN (" + sqlite::placeholders(values.size()) + ")");
    for (const auto& v : values) value(v);
  }
  // Binds the filter's values; returns the next free index.
  int bind(Query& q) const {
    int i = 1;
    for (const auto& b : binders) b(q, i++);
    return i;
  }
};

const char* direction(bool descending) {
  return descending ? " DESC" : "";
}

}  // namespace

UserPage SqliteStore::search_users(const UserSearch& search) {
  Filter f;
  if (search.active) f.add(*search.active ? "u.active = 1" : "u.active = 0");
  if (search.has_logged_in) {
    f.add(*search.has_logged_in ? "u.last_login IS NOT NULL" : "u.last_login IS NULL");
  }
  if (!search.type.empty()) {
    f.add("u.type = ?");
    f.value(search.type);
  }
  if (!search.any_role.empty()) {
    f.add("EXISTS (SELECT 1 FROM json_each(u.roles) r WHERE r.value IN (" +
          sqlite::placeholders(search.any_role.size()) + "))");
    for (const auto& role : search.any_role) f.value(role);
  }
  if (!search.text.empty()) {
    std::string clause =
        "(instr(lower(u.username), lower(?)) > 0 OR instr(lower(u.name), lower(?)) > 0";
    f.value(search.text);
    f.value(search.text);
    if (search.match_email) {
      clause +=
          " OR EXISTS (SELECT 1 FROM user_emails e WHERE e.user_id = u.id AND "
          "instr(lower(e.address), lower(?)) > 0)";
      f.value(search.text);
    }
    f.add(clause + ")");
  }
  if (!search.exclude_usernames.empty()) {
    // username is COLLATE NOCASE: NOT IN compares case-insensitively.
    f.add("u.username NOT IN (" + sqlite::placeholders(search.exclude_usernames.size()) + ")");
    for (const auto& name : search.exclude_usernames) f.value(name);
  }
  if (search.among_ids) f.in_list("u.id", *search.among_ids);

  std::string order;
  const char* dir = direction(search.descending);
  switch (search.sort) {
    case UserSearch::Sort::kUsername:
      order = std::string("u.username") + dir;
      break;
    case UserSearch::Sort::kName:
      order = std::string("lower(u.name)") + dir + ", u.username";
      break;
    case UserSearch::Sort::kCreatedAt:
      order = std::string("u.created_at") + dir + ", u.username";
      break;
    case UserSearch::Sort::kActive:
      order = std::string("u.active") + dir + ", u.username";
      break;
    case UserSearch::Sort::kEmail:
      order = std::string("(SELECT min(e.address) FROM user_emails e WHERE e.user_id = u.id)") +
              dir + ", u.username" + dir;
      break;
  }

  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  UserPage page;
  {
    auto q = conn->query("SELECT count(*) FROM users u " + f.sql);
    f.bind(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query("SELECT " + std::string(sqlite::kUserColumns) + " FROM users u " + f.sql +
                       " ORDER BY " + order + " LIMIT ? OFFSET ?");
  const int next = f.bind(q);
  q.bind(next, sqlite::sql_limit(search.count)).bind(next + 1, sqlite::sql_offset(search.offset));
  while (q.step()) {
    if (auto user = sqlite::read_user_row(q, *malformed_)) page.users.push_back(std::move(*user));
  }
  for (auto& user : page.users) sqlite::load_emails(*conn, user, *malformed_);
  return page;
}

RoomPage SqliteStore::search_rooms(const RoomSearch& search) {
  Filter f;
  // Which rooms: of `types`, or of `member_types` with a subscription of member_id.
  {
    std::string which = search.types.empty()
                            ? std::string("0")
                            : "r.type IN (" + sqlite::placeholders(search.types.size()) + ")";
    for (const auto& t : search.types) f.value(t);
    if (!search.member_id.empty() && !search.member_types.empty()) {
      which += " OR (r.type IN (" + sqlite::placeholders(search.member_types.size()) +
               ") AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.room_id = r.id AND "
               "s.user_id = ?))";
      for (const auto& t : search.member_types) f.value(t);
      f.value(search.member_id);
    }
    if (search.also_discussions) which += " OR json_extract(r.doc, '$.prid') IS NOT NULL";
    if (search.also_team_mains) which += " OR json_extract(r.doc, '$.teamMain') IS NOT NULL";
    f.add("(" + which + ")");
  }
  if (!search.text.empty()) {
    f.add(
        "(instr(lower(r.name), lower(?)) > 0 OR "
        "instr(lower(coalesce(json_extract(r.doc, '$.fname'), '')), lower(?)) > 0)");
    f.value(search.text);
    f.value(search.text);
  }
  if (!search.not_member_id.empty()) {
    f.add("NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.room_id = r.id AND s.user_id = ?)");
    f.value(search.not_member_id);
  }
  if (search.without_default) f.add("r.is_default = 0");
  // Discussions (prid) are not listed by RC's finders unless asked for.
  if (!search.also_discussions) f.add("json_extract(r.doc, '$.prid') IS NULL");
  if (search.hide_team_mains && !search.also_team_mains) {
    f.add("json_extract(r.doc, '$.teamMain') IS NULL");
  }

  std::string order =
      search.featured_first ? "coalesce(json_extract(r.doc, '$.featured'), 0) DESC, " : "";
  if (search.default_first) order += "r.is_default DESC, ";
  const char* dir = direction(search.descending);
  switch (search.sort) {
    case RoomSearch::Sort::kName:
      order += std::string("r.name") + dir;
      break;
    case RoomSearch::Sort::kCreatedAt:
      order += std::string("r.created_at") + dir;
      break;
    case RoomSearch::Sort::kUsersCount:
      order += std::string("r.users_count") + dir;
      break;
    case RoomSearch::Sort::kLastMessage:
      order += std::string("coalesce(r.last_message_at, 0)") + dir;
      break;
  }
  order += ", r.id";

  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  RoomPage page;
  {
    auto q = conn->query("SELECT count(*) FROM rooms r " + f.sql);
    f.bind(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query("SELECT " + std::string(sqlite::kRoomColumns) + " FROM rooms r " + f.sql +
                       " ORDER BY " + order + " LIMIT ? OFFSET ?");
  const int next = f.bind(q);
  q.bind(next, sqlite::sql_limit(search.count)).bind(next + 1, sqlite::sql_offset(search.offset));
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) page.rooms.push_back(std::move(*room));
  }
  return page;
}

MessagePage SqliteStore::search_messages_of_member(std::string_view user_id, std::string_view text,
                                                   int64_t offset, int64_t count) {
  MessagePage page;
  const auto match = sqlite::fts_match_expression({}, text);
  if (!match) return page;
  // FTS5 stays the outer loop (as in search_messages); the member's rooms are a probe of the
  // subscriptions primary key per hit.
  static const std::string kFrom =
      "FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid "
      "WHERE messages_fts MATCH ? AND m.deleted_at IS NULL AND EXISTS (SELECT 1 FROM "
      "subscriptions s WHERE s.room_id = m.room_id AND s.user_id = ?) ";
  static const std::string kPage = "SELECT " + std::string(sqlite::kMessageColumns) + " " + kFrom +
                                   "ORDER BY m.ts DESC, m.seq DESC LIMIT ? OFFSET ?";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  {
    auto q = conn->query("SELECT count(*) " + kFrom);
    q.bind(1, *match).bind(2, user_id);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, *match)
      .bind(2, user_id)
      .bind(3, sqlite::sql_limit(count))
      .bind(4, sqlite::sql_offset(offset));
  while (q.step()) {
    if (auto m = sqlite::read_message_row(q, *malformed_)) page.messages.push_back(std::move(*m));
  }
  return page;
}

MessagePage SqliteStore::thread_parents(const ThreadQuery& query) {
  Filter f;
  f.add("m.room_id = ?");
  f.value(query.room_id);
  f.add("m.deleted_at IS NULL");
  f.add("coalesce(json_extract(m.doc, '$.tcount'), 0) > 0");
  if (!query.text.empty()) {
    f.add("instr(lower(coalesce(json_extract(m.doc, '$.msg'), '')), lower(?)) > 0");
    f.value(query.text);
  }
  if (!query.follower_id.empty()) {
    f.add("EXISTS (SELECT 1 FROM json_each(m.doc, '$.replies') WHERE value = ?)");
    f.value(query.follower_id);
  }
  if (query.only_ids) f.in_list("m.id", *query.only_ids);
  if (query.updated_since) {
    f.add("m.updated_at > ?");
    f.value(*query.updated_since);
  }
  static const std::string kOrder =
      " ORDER BY json_extract(m.doc, '$.tlm.\"$date\"') DESC, m.seq DESC";

  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  MessagePage page;
  {
    auto q = conn->query("SELECT count(*) FROM messages m " + f.sql);
    f.bind(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query("SELECT " + std::string(sqlite::kMessageColumns) + " FROM messages m " +
                       f.sql + kOrder + " LIMIT ? OFFSET ?");
  const int next = f.bind(q);
  q.bind(next, sqlite::sql_limit(query.count)).bind(next + 1, sqlite::sql_offset(query.offset));
  while (q.step()) {
    if (auto m = sqlite::read_message_row(q, *malformed_)) page.messages.push_back(std::move(*m));
  }
  return page;
}

std::vector<MessageRecord> SqliteStore::thread_parents_deleted_since(std::string_view room_id,
                                                                     int64_t since) {
  // A tombstone's doc is emptied, so "was a thread" is read from its replies, which stay.
  static const std::string kSql =
      "SELECT " + std::string(sqlite::kMessageColumns) +
      " FROM messages m WHERE m.room_id = ? AND m.deleted_at IS NOT NULL AND m.deleted_at > ? "
      "AND EXISTS (SELECT 1 FROM messages r WHERE r.thread_id = m.id) "
      "ORDER BY m.deleted_at, m.seq";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, room_id).bind(2, since);
  std::vector<MessageRecord> out;
  while (q.step()) {
    if (auto m = sqlite::read_message_row(q, *malformed_)) out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace parley::store
