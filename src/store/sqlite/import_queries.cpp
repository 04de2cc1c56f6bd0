// SqliteStore::import_batch and finish_import: writer jobs that insert batches of ready-made
// rows, then build the search index of the imported messages in one pass. The statistics
// counters follow by the triggers of migration 0005, exactly as for ordinary writes.
//
// DESIGN: the search index of an import (migration 0012 holds the rest of the argument).
//  - The first batch with messages opens the backlog (from_seq = the next seq) in the same
//    transaction as its rows; from then on the messages_fts triggers skip every row at or
//    above from_seq. Indexing 2.4 M messages row by row in 20,000-row commits was the seed's
//    main cost; one pass afterwards costs a fraction (docs/benchmarks.md).
//  - finish_import indexes the backlog in chunks of kIndexChunk messages, one transaction
//    each, advancing from_seq with the chunk and deleting the backlog with the last one. A
//    crash between chunks leaves a shorter backlog, never a message that is neither indexed
//    nor in the backlog; the next open of the store finishes it (SqliteStore's constructor).
//  - While a backlog is open, messages written by anyone (not only the import) are found by
//    history but not yet by search. Imports run before the server serves (`parley seed`), so
//    nobody sees that gap outside a crash's recovery.
#include <sqlite3.h>

#include <optional>

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

// Messages (seqs) indexed per transaction by finish_import: bounds the WAL (the index of 250,000
// seed messages is ~60 MB) and the work a crash throws away.
constexpr int64_t kIndexChunk = 250000;
// FTS5 keeps this much of pending index in memory before writing a segment (its default is
// 1 MiB). Bigger segments mean fewer merges: ~25 % less CPU for a bulk pass. Set for
// finish_import's transactions only; ordinary writes commit long before 1 MiB anyway.
constexpr int64_t kBulkHashBytes = 64 * 1024 * 1024;
constexpr int64_t kDefaultHashBytes = 1024 * 1024;

WriteOutcome insert_message(Connection& conn, const MessageRecord& message) {
  try {
    sqlite::insert_message_row(conn, message);
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateId};
    throw;
  }
  return {};
}

// From the next seq on, messages wait for finish_import. An open backlog is kept as it is.
void open_search_backlog(Connection& conn) {
  conn.query(
          "INSERT OR IGNORE INTO messages_fts_backlog (only_row, from_seq) "
          "SELECT 1, coalesce(max(seq), 0) + 1 FROM messages")
      .run();
}

WriteOutcome import_rows(Connection& conn, const ImportBatch& batch) {
  int64_t written = 0;
  // Any failure returns at once; the writer rolls the job back to its savepoint, so a batch
  // lands whole or not at all (the backlog row included).
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
  if (outcome.status == WriteStatus::kOk && !batch.messages.empty()) {
    open_search_backlog(conn);
    outcome = each(batch.messages, insert_message);
  }
  if (outcome.status != WriteStatus::kOk) return outcome;
  return {WriteStatus::kOk, written};
}

void set_fts_hash_size(Connection& conn, int64_t bytes) {
  conn.query("INSERT INTO messages_fts (messages_fts, rank) VALUES ('hashsize', ?)")
      .bind(1, bytes)
      .run();
}

// Indexes the next chunk of the backlog. kUnchanged when there was no backlog.
WriteOutcome index_backlog_chunk(Connection& conn) {
  std::optional<int64_t> from;
  {
    auto q = conn.query("SELECT from_seq FROM messages_fts_backlog");
    if (q.step()) from = q.integer(0);
  }
  if (!from) return {WriteStatus::kUnchanged};
  // A chunk is a range of seq, not of rows: an import's seqs are dense, and finding the
  // kIndexChunk-th row would read the whole chunk's table pages once more. The chunk that
  // reaches the newest message is the last one. (Written so that no sum can overflow.)
  const int64_t max_seq = conn.scalar_int("SELECT coalesce(max(seq), 0) FROM messages");
  const bool last = max_seq - *from < kIndexChunk;
  const int64_t until = last ? max_seq : *from + kIndexChunk - 1;
  set_fts_hash_size(conn, kBulkHashBytes);
  // The text expression is the triggers' (0004, 0012): a contentless index forgets a row only
  // when given the exact values it indexed.
  int64_t indexed =
      conn.query(
              "INSERT INTO messages_fts (rowid, rid, msg) SELECT seq, room_id, "
              "CASE WHEN json_valid(doc) THEN coalesce(json_extract(doc, '$.msg'), '') ELSE '' "
              "END FROM messages WHERE seq >= ? AND seq <= ? AND deleted_at IS NULL")
          .bind(1, *from)
          .bind(2, until)
          .run();
  set_fts_hash_size(conn, kDefaultHashBytes);
  if (last) {
    conn.query("DELETE FROM messages_fts_backlog").run();
  } else {
    conn.query("UPDATE messages_fts_backlog SET from_seq = ?").bind(1, until + 1).run();
  }
  return {WriteStatus::kOk, indexed};
}

}  // namespace

WriteStatus SqliteStore::import_batch(const ImportBatch& batch) {
  return writer_->run([&batch](Connection& conn) { return import_rows(conn, batch); }).status;
}

int64_t SqliteStore::finish_import() {
  int64_t indexed = 0;
  for (;;) {
    WriteOutcome outcome = writer_->run(index_backlog_chunk);
    if (outcome.status != WriteStatus::kOk) return indexed;
    indexed += outcome.changed;
  }
}

}  // namespace parley::store
