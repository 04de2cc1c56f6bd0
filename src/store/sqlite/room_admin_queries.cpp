// SqliteStore: what the room administration needs (rooms.adminRooms, channels.delete,
// groups.delete, eraseRoom): a searched room list and deleting a room whole.
#include <string>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/room_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::ReadTransaction;
using sqlite::WriteOutcome;

namespace {

// `text` as a LIKE pattern matching it anywhere, with LIKE's own characters escaped by '\'.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

RoomPage SqliteStore::search_rooms(const RoomSearch& search) {
  // A scan of the rooms table in the worst case (a name part cannot use an index); an admin
  // page, one query per search or page.
  std::string where = "WHERE 1 ";
  if (!search.types.empty()) {
    where += "AND r.type IN (" + sqlite::placeholders(search.types.size()) + ") ";
  }
  if (!search.name_contains.empty()) {
    // LIKE is case-insensitive for ASCII, as RC's regex with the 'i' flag.
    where +=
        "AND (r.name LIKE ? ESCAPE '\\' OR "
        "coalesce(json_extract(r.doc, '$.fname'), '') LIKE ? ESCAPE '\\') ";
  }
  const std::string pattern = contains_pattern(search.name_contains);
  auto bind_where = [&](sqlite::Query& q) {
    int index = 1;
    for (const auto& type : search.types) q.bind(index++, type);
    if (!search.name_contains.empty()) {
      q.bind(index++, pattern);
      q.bind(index++, pattern);
    }
    return index;
  };

  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  RoomPage page;
  {
    auto q = conn->query("SELECT count(*) FROM rooms r " + where);
    bind_where(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query("SELECT " + std::string(sqlite::kRoomColumns) + " FROM rooms r " + where +
                       "ORDER BY r.is_default DESC, r.name, r.id LIMIT ? OFFSET ?");
  const int next = bind_where(q);
  q.bind(next, sqlite::sql_limit(search.count)).bind(next + 1, sqlite::sql_offset(search.offset));
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) page.rooms.push_back(std::move(*room));
  }
  return page;
}

WriteStatus SqliteStore::delete_room(std::string_view id) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        // Members first, remembered as removed (subscriptions.get's `remove`), as
        // remove_subscription does one by one; the rows themselves go by ON DELETE CASCADE.
        conn.query(
                "INSERT OR REPLACE INTO removed_subscriptions "
                "(id, room_id, user_id, room_type, removed_at) "
                "SELECT id, room_id, user_id, room_type, ? FROM subscriptions WHERE room_id = ?")
            .bind(1, writer_->stamp())
            .bind(2, id)
            .run();
        // Messages have no reference to rooms (see migration 0002); the full-text index and
        // the counters follow by trigger.
        conn.query("DELETE FROM messages WHERE room_id = ?").bind(1, id).run();
        const int64_t removed = conn.query("DELETE FROM rooms WHERE id = ?").bind(1, id).run();
        return {removed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, removed};
      })
      .status;
}

}  // namespace parley::store
