// SqliteStore::import_batch: one writer job that inserts a batch of ready-made rows. The
// statistics counters follow by the triggers of migration 0005 and the search index by those
// of 0002, exactly as for ordinary writes, so an imported database is consistent by
// construction.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/row_inserts.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

WriteOutcome insert_message(Connection& conn, const MessageRecord& message) {
  try {
    sqlite::insert_message_row(conn, message);
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateId};
    throw;
  }
  return {};
}

WriteOutcome import_rows(Connection& conn, const ImportBatch& batch) {
  int64_t written = 0;
  // Any failure returns at once; the writer rolls the job back to its savepoint, so a batch
  // lands whole or not at all.
  auto each = [&](const auto& rows, auto insert) -> WriteOutcome {
    for (const auto& row : rows) {
      if (auto outcome = insert(conn, row); outcome.status != WriteStatus::kOk) return outcome;
      ++written;
    }
    return {};
  };
  WriteOutcome outcome = each(batch.users, sqlite::insert_user_rows);
  if (outcome.status == WriteStatus::kOk) outcome = each(batch.tokens, sqlite::insert_token_row);
  if (outcome.status == WriteStatus::kOk) outcome = each(batch.rooms, sqlite::insert_room_checked);
  if (outcome.status == WriteStatus::kOk) {
    outcome = each(batch.subscriptions, sqlite::insert_subscription_checked);
  }
  if (outcome.status == WriteStatus::kOk) outcome = each(batch.messages, insert_message);
  if (outcome.status != WriteStatus::kOk) return outcome;
  return {WriteStatus::kOk, written};
}

}  // namespace

WriteStatus SqliteStore::import_batch(const ImportBatch& batch) {
  return writer_->run([&batch](Connection& conn) { return import_rows(conn, batch); }).status;
}

}  // namespace parley::store
