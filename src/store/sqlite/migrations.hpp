#pragma once
// Schema migrations for the SQLite store. The SQL lives in src/store/migrations/sqlite/
// NNNN_*.sql and is compiled into the binary (see cmake/embed_migrations.cmake); the schema
// version is the database's PRAGMA user_version, which SQLite keeps in the file header and
// changes transactionally along with the schema.
#include <span>
#include <string_view>

namespace parley::store::sqlite {

class Connection;

struct Migration {
  int version;            // 1, 2, 3, ... from the file name
  std::string_view name;  // the file name, for messages
  std::string_view sql;
};

// Every migration this build knows, in version order. Defined in the generated source.
std::span<const Migration> embedded_migrations();

// The database's schema version (0 for a new file).
int schema_version(Connection& conn);

// Applies every migration newer than the database's version, in order, each in its own
// transaction together with the user_version bump: a failure leaves the database at the last
// fully applied version. Throws std::runtime_error if the database is newer than the newest
// migration given (an older binary must not write to a schema it does not understand), or if
// a migration fails.
void migrate(Connection& conn, std::span<const Migration> migrations);

}  // namespace parley::store::sqlite
