#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <utility>

namespace parley::store::sqlite {

// --- Query -----------------------------------------------------------------------------------

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::fail(int rc) const {
  conn_->fail(rc, sqlite3_sql(stmt_));
}

Query& Query::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so the caller's string may die before step().
  int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Query& Query::bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Query& Query::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Query& Query::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

int64_t Query::run() {
  while (step()) {
  }
  return conn_->changes();
}

bool Query::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::string> Query::text(int column) const {
  if (sqlite3_column_type(stmt_, column) != SQLITE_TEXT) return std::nullopt;
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(data, static_cast<std::size_t>(size));
}

std::optional<int64_t> Query::integer(int column) const {
  if (sqlite3_column_type(stmt_, column) != SQLITE_INTEGER) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::optional<double> Query::real(int column) const {
  int type = sqlite3_column_type(stmt_, column);
  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) return std::nullopt;
  return sqlite3_column_double(stmt_, column);
}

std::optional<bool> Query::boolean(int column) const {
  auto value = integer(column);
  if (!value || (*value != 0 && *value != 1)) return std::nullopt;
  return *value == 1;
}

// --- Connection ------------------------------------------------------------------------------

void Connection::StmtDeleter::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

Connection::Connection(const std::string& path, Mode mode, int busy_timeout_ms) : path_(path) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |=
      mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 allocates a handle even on failure; it carries the message.
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open database at " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      statements_(std::move(other.statements_)) {}

Connection::~Connection() {
  // Statements must be finalized before the handle closes, or sqlite3_close refuses.
  statements_.clear();
  if (db_ != nullptr) sqlite3_close(db_);
}

void Connection::fail(int rc, std::string_view context) const {
  int code = db_ != nullptr ? sqlite3_extended_errcode(db_) : rc;
  std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw SqliteError(code, "sqlite error " + std::to_string(code) + " (" + message + ") in \"" +
                              std::string(context.substr(0, 120)) + "\" on " + path_);
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
}

Query Connection::query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, sql);
    it = statements_.emplace(sql, std::unique_ptr<sqlite3_stmt, StmtDeleter>(stmt)).first;
  }
  return Query(it->second.get(), this);
}

std::string Connection::scalar_text(const std::string& sql) {
  auto q = query(sql);
  if (!q.step()) return {};
  return q.text(0).value_or(std::string());
}

int64_t Connection::scalar_int(const std::string& sql) {
  auto q = query(sql);
  if (!q.step()) return 0;
  return q.integer(0).value_or(0);
}

bool Connection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

int64_t Connection::changes() const {
  return sqlite3_changes64(db_);
}

}  // namespace parley::store::sqlite
