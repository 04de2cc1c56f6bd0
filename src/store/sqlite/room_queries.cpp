// SqliteStore: rooms and subscriptions. Reads use the read pool; writes are writer jobs (see
// writer.hpp), and a job that read-modify-writes reads on the write connection, so no other
// write can come between its read and its write.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/room_rows.hpp"
#include "store/sqlite/row_inserts.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/subscription_rows.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::MalformedRows;
using sqlite::ReadTransaction;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

const std::string kRoomSelect = "SELECT " + std::string(sqlite::kRoomColumns) + " FROM rooms r ";
const std::string kSubscriptionSelect =
    "SELECT " + std::string(sqlite::kSubscriptionColumns) + " FROM subscriptions s ";

// The current row, read on the write connection from inside a job.
std::optional<RoomRecord> current_room(Connection& conn, std::string_view id,
                                       MalformedRows& malformed) {
  static const std::string kSql = kRoomSelect + "WHERE r.id = ?";
  auto q = conn.query(kSql);
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return sqlite::read_room_row(q, malformed);
}

std::optional<SubscriptionRecord> current_subscription(Connection& conn, std::string_view room_id,
                                                       std::string_view user_id,
                                                       MalformedRows& malformed) {
  static const std::string kSql = kSubscriptionSelect + "WHERE s.room_id = ? AND s.user_id = ?";
  auto q = conn.query(kSql);
  q.bind(1, room_id).bind(2, user_id);
  if (!q.step()) return std::nullopt;
  return sqlite::read_subscription_row(q, malformed);
}

}  // namespace

namespace sqlite {

// Maps the constraint errors of a room insert; anything else is a broken database.
WriteOutcome insert_room_checked(Connection& conn, const RoomRecord& room) {
  try {
    sqlite::insert_room_row(conn, room);
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
    // The only other unique key of rooms is the (partial) name index.
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateName};
    throw;
  }
  return {};
}

// Maps the constraint errors of a subscription insert; anything else is a broken database.
WriteOutcome insert_subscription_checked(Connection& conn, const SubscriptionRecord& s) {
  try {
    sqlite::insert_subscription_row(conn, s);
  } catch (const SqliteError& e) {
    // The primary key is (room_id, user_id); `id` is the other unique key.
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) {
      return {WriteStatus::kDuplicateSubscription};
    }
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateId};
    if (is_constraint(e, SQLITE_CONSTRAINT_FOREIGNKEY)) return {WriteStatus::kNotFound};
    throw;
  }
  return {};
}

}  // namespace sqlite

namespace {

using sqlite::insert_subscription_checked;

WriteOutcome insert_room_rows(Connection& conn, RoomRecord room,
                              const std::vector<SubscriptionRecord>& subscriptions, int64_t stamp) {
  room.updated_at = stamp;
  if (auto outcome = sqlite::insert_room_checked(conn, room); outcome.status != WriteStatus::kOk) {
    return outcome;
  }
  for (const auto& given : subscriptions) {
    // Initial subscriptions are this room's by definition.
    SubscriptionRecord s = given;
    s.room_id = room.id;
    s.updated_at = stamp;
    if (auto outcome = insert_subscription_checked(conn, s); outcome.status != WriteStatus::kOk) {
      return outcome;  // the savepoint rollback takes the room with it
    }
  }
  conn.query(
          "UPDATE rooms SET users_count = (SELECT count(*) FROM subscriptions WHERE room_id = ?1) "
          "WHERE id = ?1")
      .bind(1, room.id)
      .run();
  return {};
}

// modify_room's job: read, mutate, write back, all on the write connection.
WriteOutcome modify_room_row(Connection& conn, std::string_view id, const RoomMutation& mutation,
                             int64_t stamp, MalformedRows& malformed, RoomRecord& written) {
  auto current = current_room(conn, id, malformed);
  if (!current) return {WriteStatus::kNotFound};
  RoomRecord next = *current;
  if (!mutation(next)) return {WriteStatus::kUnchanged};
  next.id = current->id;  // the row being rewritten; an id is not renamed
  next.updated_at = stamp;
  try {
    sqlite::update_room_row(conn, next);
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateName};
    throw;
  }
  written = std::move(next);
  return {WriteStatus::kOk, 1};
}

WriteOutcome modify_subscription_row(Connection& conn, std::string_view room_id,
                                     std::string_view user_id, const SubscriptionMutation& mutation,
                                     int64_t stamp, MalformedRows& malformed,
                                     SubscriptionRecord& written) {
  auto current = current_subscription(conn, room_id, user_id, malformed);
  if (!current) return {WriteStatus::kNotFound};
  SubscriptionRecord next = *current;
  if (!mutation(next)) return {WriteStatus::kUnchanged};
  next.id = current->id;
  next.updated_at = stamp;
  try {
    sqlite::update_subscription_row(conn, next);
  } catch (const SqliteError& e) {
    // Moved onto a (room, user) pair that already has a subscription.
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) {
      return {WriteStatus::kDuplicateSubscription};
    }
    if (is_constraint(e, SQLITE_CONSTRAINT_FOREIGNKEY)) return {WriteStatus::kNotFound};
    throw;
  }
  written = std::move(next);
  return {WriteStatus::kOk, 1};
}

}  // namespace

// --- rooms -----------------------------------------------------------------------------------

WriteStatus SqliteStore::insert_room(const RoomRecord& room,
                                     const std::vector<SubscriptionRecord>& subscriptions) {
  return writer_
      ->run([&](Connection& conn) {
        return insert_room_rows(conn, room, subscriptions, writer_->stamp());
      })
      .status;
}

std::optional<RoomRecord> SqliteStore::room_by_id(std::string_view id) {
  auto conn = readers_->acquire();
  return current_room(*conn, id, *malformed_);
}

std::optional<RoomRecord> SqliteStore::room_by_name(std::string_view name) {
  // COLLATE NOCASE on the column makes `=` case-insensitive; the `<> ''` term lets the planner
  // use the partial unique index (and keeps "" from finding a DM).
  static const std::string kSql = kRoomSelect + "WHERE r.name = ? AND r.name <> ''";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return sqlite::read_room_row(q, *malformed_);
}

RoomPage SqliteStore::list_rooms(const std::vector<std::string>& types, int64_t offset,
                                 int64_t count) {
  // One statement per number of types (at most a handful), each cached by its connection.
  const std::string where = types.empty()
                                ? std::string()
                                : "WHERE r.type IN (" + sqlite::placeholders(types.size()) + ") ";
  auto bind_types = [&types](sqlite::Query& q) {
    int index = 1;
    for (const auto& type : types) q.bind(index++, type);
    return index;
  };

  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  RoomPage page;
  {
    auto q = conn->query("SELECT count(*) FROM rooms r " + where);
    bind_types(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kRoomSelect + where + "ORDER BY r.name, r.id LIMIT ? OFFSET ?");
  const int next = bind_types(q);
  q.bind(next, sqlite::sql_limit(count)).bind(next + 1, sqlite::sql_offset(offset));
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) page.rooms.push_back(std::move(*room));
  }
  return page;
}

std::vector<RoomRecord> SqliteStore::default_rooms() {
  // A scan: it runs once per new account, and a partial index would need a migration for a
  // handful of rows.
  auto conn = readers_->acquire();
  static const std::string kSql = kRoomSelect + "WHERE r.is_default <> 0 ORDER BY r.name, r.id";
  auto q = conn->query(kSql);
  std::vector<RoomRecord> rooms;
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) rooms.push_back(std::move(*room));
  }
  return rooms;
}

WriteStatus SqliteStore::modify_room(std::string_view id, const RoomMutation& mutation,
                                     RoomRecord* out) {
  RoomRecord written;
  auto job = [&](Connection& conn) {
    return modify_room_row(conn, id, mutation, writer_->stamp(), *malformed_, written);
  };
  const WriteStatus status = writer_->run(job).status;
  if (status == WriteStatus::kOk && out != nullptr) *out = std::move(written);
  return status;
}

// --- subscriptions ---------------------------------------------------------------------------

WriteStatus SqliteStore::insert_subscription(const SubscriptionRecord& subscription) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        SubscriptionRecord stamped = subscription;
        stamped.updated_at = writer_->stamp();
        auto outcome = insert_subscription_checked(conn, stamped);
        if (outcome.status != WriteStatus::kOk) return outcome;
        conn.query("UPDATE rooms SET users_count = users_count + 1 WHERE id = ?")
            .bind(1, subscription.room_id)
            .run();
        return {WriteStatus::kOk, 1};
      })
      .status;
}

WriteStatus SqliteStore::remove_subscription(std::string_view room_id, std::string_view user_id) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        // Remember it before it goes (same transaction: both or neither).
        const int64_t remembered =
            conn.query(
                    "INSERT OR REPLACE INTO removed_subscriptions "
                    "(id, room_id, user_id, room_type, removed_at) "
                    "SELECT id, room_id, user_id, room_type, ? FROM subscriptions "
                    "WHERE room_id = ? AND user_id = ?")
                .bind(1, writer_->stamp())
                .bind(2, room_id)
                .bind(3, user_id)
                .run();
        if (remembered == 0) return {WriteStatus::kNotFound};
        const int64_t removed =
            conn.query("DELETE FROM subscriptions WHERE room_id = ? AND user_id = ?")
                .bind(1, room_id)
                .bind(2, user_id)
                .run();
        conn.query("UPDATE rooms SET users_count = users_count - 1 WHERE id = ?")
            .bind(1, room_id)
            .run();
        return {WriteStatus::kOk, removed};
      })
      .status;
}

std::vector<RemovedSubscription> SqliteStore::subscriptions_removed_since(std::string_view user_id,
                                                                          int64_t since) {
  auto conn = readers_->acquire();
  auto q = conn->query(
      "SELECT id, room_id, user_id, room_type, removed_at FROM removed_subscriptions "
      "WHERE user_id = ? AND removed_at > ? ORDER BY removed_at, id");
  q.bind(1, user_id).bind(2, since);
  std::vector<RemovedSubscription> out;
  while (q.step()) {
    RemovedSubscription r;
    r.id = q.text(0).value_or("");
    r.room_id = q.text(1).value_or("");
    r.user_id = q.text(2).value_or("");
    r.room_type = q.text(3).value_or("");
    r.removed_at = q.integer(4).value_or(0);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<SubscriptionRecord> SqliteStore::subscription(std::string_view room_id,
                                                            std::string_view user_id) {
  auto conn = readers_->acquire();
  return current_subscription(*conn, room_id, user_id, *malformed_);
}

std::vector<RoomRecord> SqliteStore::rooms_of_user(std::string_view user_id) {
  // subscriptions_by_user finds the user's rows; each joins its room by primary key.
  static const std::string kSql =
      kRoomSelect + "JOIN subscriptions s ON s.room_id = r.id WHERE s.user_id = ?";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, user_id);
  std::vector<RoomRecord> out;
  while (q.step()) {
    if (auto r = sqlite::read_room_row(q, *malformed_)) out.push_back(std::move(*r));
  }
  return out;
}

std::vector<SubscriptionRecord> SqliteStore::subscriptions_of_user(
    std::string_view user_id, std::optional<int64_t> updated_since) {
  // Both forms walk subscriptions_by_user: a user's rows are few, updated_at is not indexed.
  static const std::string kAll = kSubscriptionSelect + "WHERE s.user_id = ? ORDER BY s.updated_at";
  static const std::string kSince =
      kSubscriptionSelect + "WHERE s.user_id = ? AND s.updated_at > ? ORDER BY s.updated_at";
  auto conn = readers_->acquire();
  auto q = conn->query(updated_since ? kSince : kAll);
  q.bind(1, user_id);
  if (updated_since) q.bind(2, *updated_since);
  std::vector<SubscriptionRecord> out;
  while (q.step()) {
    if (auto s = sqlite::read_subscription_row(q, *malformed_)) out.push_back(std::move(*s));
  }
  return out;
}

SubscriptionPage SqliteStore::room_members(std::string_view room_id, int64_t offset,
                                           int64_t count) {
  static const std::string kPage =
      kSubscriptionSelect + "WHERE s.room_id = ? ORDER BY s.username LIMIT ? OFFSET ?";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  SubscriptionPage page;
  {
    auto q = conn->query("SELECT count(*) FROM subscriptions WHERE room_id = ?");
    q.bind(1, room_id);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, room_id).bind(2, sqlite::sql_limit(count)).bind(3, sqlite::sql_offset(offset));
  while (q.step()) {
    if (auto s = sqlite::read_subscription_row(q, *malformed_)) {
      page.subscriptions.push_back(std::move(*s));
    }
  }
  return page;
}

std::vector<std::string> SqliteStore::room_member_ids(std::string_view room_id) {
  // A range of the (room_id, user_id) primary key.
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT user_id FROM subscriptions WHERE room_id = ?");
  q.bind(1, room_id);
  std::vector<std::string> ids;
  while (q.step()) {
    if (auto id = q.text(0)) {
      ids.push_back(std::move(*id));
    } else {
      malformed_->report("subscriptions", room_id, "user_id");
    }
  }
  return ids;
}

WriteStatus SqliteStore::modify_subscription(std::string_view room_id, std::string_view user_id,
                                             const SubscriptionMutation& mutation,
                                             SubscriptionRecord* out) {
  SubscriptionRecord written;
  const WriteStatus status =
      writer_
          ->run([&](Connection& conn) {
            return modify_subscription_row(conn, room_id, user_id, mutation, writer_->stamp(),
                                           *malformed_, written);
          })
          .status;
  if (status == WriteStatus::kOk && out != nullptr) *out = std::move(written);
  return status;
}

}  // namespace parley::store
