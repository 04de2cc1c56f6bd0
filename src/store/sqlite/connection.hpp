#pragma once
// A thin RAII layer over one sqlite3 handle and its prepared statements. Nothing here is
// thread-safe: a Connection belongs to one thread at a time (the writer thread, or whoever
// holds a ReadPool lease), which is why the handle is opened with SQLITE_OPEN_NOMUTEX.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace parley::store::sqlite {

// A failed SQLite call. code() is the extended result code (e.g. SQLITE_CONSTRAINT_UNIQUE),
// which is how writers tell an expected constraint violation from a broken database.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Connection;

// One use of a cached prepared statement. Bindings and the cursor are reset when the Query
// goes out of scope, so the statement is ready for the next use.
class Query {
 public:
  Query(Query&& other) noexcept : stmt_(other.stmt_), conn_(other.conn_) { other.stmt_ = nullptr; }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query& operator=(Query&&) = delete;
  ~Query();

  // Parameters are 1-based, as in SQLite. Values are copied, so temporaries are fine.
  Query& bind(int index, std::string_view value);
  Query& bind(int index, int64_t value);
  Query& bind(int index, double value);
  Query& bind_null(int index);
  // Keeps bind("literal") from picking the bool -> int64_t conversion.
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }

  // True while a row is available; false once the statement is done. Throws SqliteError.
  bool step();
  // Runs a statement that returns no rows; returns the number of rows it changed.
  int64_t run();

  // Typed column reads (0-based). They return nothing when the stored value has another
  // type, which is how a malformed row is detected instead of silently read as 0 or "".
  bool is_null(int column) const;
  std::optional<std::string> text(int column) const;
  std::optional<int64_t> integer(int column) const;
  // Accepts INTEGER too: SQLite may hand back a whole REAL value as an integer.
  std::optional<double> real(int column) const;
  std::optional<bool> boolean(int column) const;

 private:
  friend class Connection;
  Query(sqlite3_stmt* stmt, Connection* conn) : stmt_(stmt), conn_(conn) {}
  [[noreturn]] void fail(int rc) const;

  sqlite3_stmt* stmt_;
  Connection* conn_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Throws std::runtime_error("cannot open database at PATH: ...") on failure.
  Connection(const std::string& path, Mode mode, int busy_timeout_ms);
  Connection(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection& operator=(Connection&&) = delete;
  ~Connection();

  // Runs one or more statements without results (DDL, PRAGMA, BEGIN/COMMIT).
  void exec(std::string_view sql);
  // A statement prepared once per connection and reused; `sql` must be a single statement.
  Query query(const std::string& sql);
  // The first column of the first row as text, for PRAGMAs such as journal_mode.
  std::string scalar_text(const std::string& sql);
  int64_t scalar_int(const std::string& sql);

  // True inside BEGIN ... COMMIT. SQLite may end a transaction on its own after some errors
  // (disk full, I/O error), and the writer uses this to notice.
  bool in_transaction() const;
  int64_t changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  [[noreturn]] void fail(int rc, std::string_view context) const;

 private:
  struct StmtDeleter {
    void operator()(sqlite3_stmt* stmt) const;
  };

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, StmtDeleter>> statements_;
};

}  // namespace parley::store::sqlite
