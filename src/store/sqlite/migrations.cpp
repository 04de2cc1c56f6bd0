#include "store/sqlite/migrations.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {
namespace {

[[noreturn]] void refuse_newer(int found, int newest, const std::string& path) {
  throw std::runtime_error("database schema version " + std::to_string(found) +
                           " is newer than this parley build supports (" + std::to_string(newest) +
                           "); upgrade parley or restore a backup (database: " + path + ")");
}

}  // namespace

int schema_version(Connection& conn) {
  return static_cast<int>(conn.scalar_int("PRAGMA user_version"));
}

void migrate(Connection& conn, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw std::logic_error("migration list is not numbered 1..N at " +
                             std::string(migrations[i].name));
    }
  }
  const int newest = migrations.empty() ? 0 : migrations.back().version;

  const int found = schema_version(conn);
  if (found > newest) refuse_newer(found, newest, conn.path());

  for (const Migration& m : migrations) {
    if (m.version <= found) continue;
    // IMMEDIATE takes the write lock before the version is read again, so two processes
    // opening the same file at once cannot both apply the same migration.
    conn.exec("BEGIN IMMEDIATE");
    try {
      const int current = schema_version(conn);
      if (current > newest) refuse_newer(current, newest, conn.path());
      if (current < m.version) {
        spdlog::info("store: applying migration {} to {}", m.name, conn.path());
        conn.exec(m.sql);
        // PRAGMA takes no bound parameters; the version is an int of our own.
        conn.exec("PRAGMA user_version = " + std::to_string(m.version));
      }
      conn.exec("COMMIT");
    } catch (const SqliteError& e) {
      if (conn.in_transaction()) conn.exec("ROLLBACK");
      throw std::runtime_error("migration " + std::string(m.name) + " failed on " + conn.path() +
                               ": " + e.what());
    } catch (...) {
      if (conn.in_transaction()) conn.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace parley::store::sqlite
