// SqliteStore: deleting a room whole (channels.delete, groups.delete, eraseRoom). The admin
// room list (rooms.adminRooms) is search_rooms (search_queries.cpp) with default_first.
#include <string>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::WriteOutcome;

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
