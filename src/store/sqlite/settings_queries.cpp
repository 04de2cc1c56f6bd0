// SqliteStore: settings, the statistics counters (kept by the triggers of migration 0005) and
// statistics snapshots.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::ReadTransaction;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

std::vector<SettingRecord> SqliteStore::settings() {
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT id, value, updated_at FROM settings ORDER BY id");
  std::vector<SettingRecord> out;
  while (q.step()) {
    SettingRecord s;
    s.id = q.text(0).value_or("");
    s.value = q.text(1).value_or("null");
    s.updated_at = q.integer(2).value_or(0);
    out.push_back(std::move(s));
  }
  return out;
}

WriteStatus SqliteStore::put_setting(const SettingRecord& setting) {
  return writer_
      ->run([&setting](Connection& conn) -> WriteOutcome {
        conn.query(
                "INSERT INTO settings (id, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at")
            .bind(1, setting.id)
            .bind(2, setting.value)
            .bind(3, setting.updated_at)
            .run();
        return {};
      })
      .status;
}

std::map<std::string, int64_t> SqliteStore::counters() {
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT name, value FROM counters");
  std::map<std::string, int64_t> out;
  while (q.step()) out[q.text(0).value_or("")] = q.integer(1).value_or(0);
  return out;
}

WriteStatus SqliteStore::add_statistics(const StatisticsRecord& snapshot) {
  return writer_
      ->run([&snapshot](Connection& conn) -> WriteOutcome {
        try {
          conn.query("INSERT INTO statistics (id, created_at, doc) VALUES (?, ?, ?)")
              .bind(1, snapshot.id)
              .bind(2, snapshot.created_at)
              .bind(3, snapshot.doc)
              .run();
        } catch (const SqliteError& e) {
          if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
          throw;
        }
        return {};
      })
      .status;
}

StatisticsPage SqliteStore::list_statistics(int64_t offset, int64_t count) {
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  StatisticsPage page;
  {
    auto q = conn->query("SELECT count(*) FROM statistics");
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(
      "SELECT id, created_at, doc FROM statistics ORDER BY created_at DESC, id DESC "
      "LIMIT ? OFFSET ?");
  q.bind(1, sqlite::sql_limit(count)).bind(2, sqlite::sql_offset(offset));
  while (q.step()) {
    StatisticsRecord r;
    r.id = q.text(0).value_or("");
    r.created_at = q.integer(1).value_or(0);
    r.doc = q.text(2).value_or("{}");
    page.statistics.push_back(std::move(r));
  }
  return page;
}

}  // namespace parley::store
