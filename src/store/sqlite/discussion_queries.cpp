// The discussion lists (store.hpp, "discussions"): a room's discussions and the messages that
// link to them. Both filter on a JSON field that the partial indexes of migration 0009 cover
// (rooms_by_prid, messages_with_drid) with the same json_valid-guarded expressions, so each reads
// only discussion rows. Every value is bound; nothing a client sends becomes SQL text.
#include <string>

#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/room_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store {

using sqlite::ReadTransaction;

RoomPage SqliteStore::discussions(const DiscussionQuery& query) {
  // ?1 parent, ?2 text ('' matches every fname).
  static const std::string kWhere =
      "FROM rooms r WHERE (CASE WHEN json_valid(r.doc) THEN json_extract(r.doc, '$.prid') END) "
      "= ?1 "
      "AND instr(lower(coalesce(json_extract(r.doc, '$.fname'), '')), lower(?2)) > 0 ";
  static const std::string kPage =
      "SELECT " + std::string(sqlite::kRoomColumns) + " " + kWhere +
      "ORDER BY coalesce(json_extract(r.doc, '$.fname'), ''), r.id LIMIT ?3 OFFSET ?4";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  RoomPage page;
  {
    auto q = conn->query("SELECT count(*) " + kWhere);
    q.bind(1, query.room_id).bind(2, query.text);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, query.room_id)
      .bind(2, query.text)
      .bind(3, sqlite::sql_limit(query.count))
      .bind(4, sqlite::sql_offset(query.offset));
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) page.rooms.push_back(std::move(*room));
  }
  return page;
}

MessagePage SqliteStore::discussion_messages(const DiscussionQuery& query) {
  // ?1 room, ?2 discussion ('' = any), ?3 text ('' matches every msg). The IS NOT NULL term is
  // the partial index's own condition, which is what lets SQLite use it.
  static const std::string kWhere =
      "FROM messages m WHERE m.room_id = ?1 "
      "AND (CASE WHEN json_valid(m.doc) THEN json_extract(m.doc, '$.drid') END) IS NOT NULL "
      "AND m.deleted_at IS NULL "
      "AND (?2 = '' OR json_extract(m.doc, '$.drid') = ?2) "
      "AND instr(lower(coalesce(json_extract(m.doc, '$.msg'), '')), lower(?3)) > 0 ";
  static const std::string kPage = "SELECT " + std::string(sqlite::kMessageColumns) + " " + kWhere +
                                   "ORDER BY m.ts DESC, m.seq DESC LIMIT ?4 OFFSET ?5";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  MessagePage page;
  {
    auto q = conn->query("SELECT count(*) " + kWhere);
    q.bind(1, query.room_id).bind(2, query.discussion_id).bind(3, query.text);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, query.room_id)
      .bind(2, query.discussion_id)
      .bind(3, query.text)
      .bind(4, sqlite::sql_limit(query.count))
      .bind(5, sqlite::sql_offset(query.offset));
  while (q.step()) {
    if (auto m = sqlite::read_message_row(q, *malformed_)) page.messages.push_back(std::move(*m));
  }
  return page;
}

}  // namespace parley::store
