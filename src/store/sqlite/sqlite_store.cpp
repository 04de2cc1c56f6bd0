#include "store/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/row_inserts.hpp"
#include "store/sqlite/user_rows.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::ReadTransaction;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

const std::string kUserSelect = "SELECT " + std::string(sqlite::kUserColumns) + " FROM users u ";

[[noreturn]] void cannot_open(const std::string& path, const std::string& why) {
  throw std::runtime_error("cannot open database at " + path + ": " + why);
}

void create_parent_directory(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) cannot_open(path, "cannot create directory " + parent.string() + ": " + ec.message());
}

// Per-connection settings of the write connection. journal_mode is stored in the file, so
// the read connections opened afterwards are in WAL mode too.
void configure_writer(Connection& conn, SqliteOptions::Synchronous synchronous, int cache_mib) {
  const std::string mode = conn.scalar_text("PRAGMA journal_mode = WAL");
  if (mode != "wal") {
    // WAL needs shared memory next to the file; some network filesystems cannot provide it.
    throw std::runtime_error("journal_mode is '" + mode + "', WAL could not be enabled");
  }
  conn.exec(synchronous == SqliteOptions::Synchronous::kFull ? "PRAGMA synchronous = FULL"
                                                             : "PRAGMA synchronous = NORMAL");
  conn.exec("PRAGMA foreign_keys = ON");
  // Negative: a size in KiB. An int of our own; PRAGMA takes no bound parameters.
  if (cache_mib > 0) conn.exec("PRAGMA cache_size = -" + std::to_string(cache_mib * 1024));
}

}  // namespace

SqliteStore::SqliteStore(SqliteOptions options, metrics::Registry& registry)
    : options_(std::move(options)), malformed_(std::make_unique<sqlite::MalformedRows>(registry)) {
  const std::string& path = options_.path;
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    cannot_open(path,
                "a file path is required (in-memory databases are not shared between "
                "connections)");
  }
  create_parent_directory(path);

  Connection conn(path, Connection::Mode::kReadWrite, options_.busy_timeout_ms);
  try {
    configure_writer(conn, options_.synchronous, options_.writer_cache_mib);
  } catch (const std::exception& e) {
    // Also where "file is not a database" shows up: opening is lazy, the first read is not.
    cannot_open(path, e.what());
  }
  sqlite::migrate(conn, sqlite::embedded_migrations());
  // Read before the writer starts, so an ordinary open takes no write lock for it.
  const bool import_unfinished = conn.scalar_int("SELECT count(*) FROM messages_fts_backlog") > 0;

  // After migrating, so readers never prepare statements against a half-built schema.
  readers_ = std::make_unique<sqlite::ReadPool>(path, std::max(1, options_.read_connections),
                                                options_.busy_timeout_ms);
  writer_ = std::make_unique<sqlite::Writer>(
      std::move(conn), static_cast<std::size_t>(std::max(1, options_.max_batch)), registry,
      options_.clock ? *options_.clock : system_clock_);
  // An import that died before indexing its messages for search: finish it before serving,
  // so no message is ever left out of search (import_queries.cpp).
  if (import_unfinished) finish_import();
}

SqliteStore::~SqliteStore() = default;

// --- reads -----------------------------------------------------------------------------------

std::optional<UserRecord> SqliteStore::one_user(const std::string& sql, std::string_view key) {
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);  // the row and its emails from the same commit
  auto q = conn->query(sql);
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  auto user = sqlite::read_user_row(q, *malformed_);
  if (user) sqlite::load_emails(*conn, *user, *malformed_);
  return user;
}

std::optional<UserRecord> SqliteStore::user_by_id(std::string_view id) {
  static const std::string kSql = kUserSelect + "WHERE u.id = ?";
  return one_user(kSql, id);
}

std::optional<UserRecord> SqliteStore::user_by_username(std::string_view username) {
  // The column's COLLATE NOCASE makes this comparison case-insensitive and indexed.
  static const std::string kSql = kUserSelect + "WHERE u.username = ?";
  return one_user(kSql, username);
}

std::optional<UserRecord> SqliteStore::user_by_email(std::string_view email) {
  static const std::string kSql =
      kUserSelect + "JOIN user_emails e ON e.user_id = u.id WHERE e.address = ?";
  return one_user(kSql, sqlite::lowercase_ascii(email));
}

UserPage SqliteStore::list_users(int64_t offset, int64_t count) {
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);  // total and page agree
  UserPage page;
  page.total = conn->scalar_int("SELECT count(*) FROM users");
  {
    auto q = conn->query(kUserSelect + "ORDER BY u.username LIMIT ? OFFSET ?");
    q.bind(1, sqlite::sql_limit(count)).bind(2, sqlite::sql_offset(offset));
    while (q.step()) {
      // A malformed row is left out of the page; total still counts it, as it is a row.
      if (auto user = sqlite::read_user_row(q, *malformed_)) page.users.push_back(std::move(*user));
    }
  }
  for (auto& user : page.users) sqlite::load_emails(*conn, user, *malformed_);
  return page;
}

std::vector<UserRecord> SqliteStore::users_not_offline() {
  auto conn = readers_->acquire();
  auto q = conn->query(kUserSelect + "WHERE u.status <> 'offline' ORDER BY u.username");
  std::vector<UserRecord> out;
  while (q.step()) {
    if (auto user = sqlite::read_user_row(q, *malformed_)) out.push_back(std::move(*user));
  }
  return out;
}

std::vector<UserRecord> SqliteStore::users_updated_since(int64_t since) {
  auto conn = readers_->acquire();
  auto q = conn->query(kUserSelect + "WHERE u.updated_at >= ? ORDER BY u.username");
  q.bind(1, since);
  std::vector<UserRecord> out;
  while (q.step()) {
    if (auto user = sqlite::read_user_row(q, *malformed_)) out.push_back(std::move(*user));
  }
  return out;
}

bool SqliteStore::any_admin() {
  auto conn = readers_->acquire();
  // instr() narrows the scan; decoding each candidate keeps malformed rows out of the answer.
  auto q = conn->query(kUserSelect + "WHERE instr(u.roles, '\"admin\"') > 0");
  while (q.step()) {
    auto user = sqlite::read_user_row(q, *malformed_);
    if (user && std::ranges::find(user->roles, "admin") != user->roles.end()) return true;
  }
  return false;
}

std::optional<UserRecord> SqliteStore::user_by_token(std::string_view hashed_token,
                                                     int64_t now_ms) {
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  auto q = conn->query(kUserSelect +
                       "JOIN login_tokens t ON t.user_id = u.id "
                       "WHERE t.hashed_token = ? AND t.expires_at > ?");
  q.bind(1, hashed_token).bind(2, now_ms);
  if (!q.step()) return std::nullopt;
  auto user = sqlite::read_user_row(q, *malformed_);
  if (user) sqlite::load_emails(*conn, *user, *malformed_);
  return user;
}

bool SqliteStore::reachable() {
  try {
    auto conn = readers_->acquire();
    return conn->scalar_int("SELECT 1") == 1;
  } catch (const std::exception&) {
    return false;
  }
}

// --- writes ----------------------------------------------------------------------------------
// Jobs capture the caller's arguments by reference: Writer::run blocks the caller until the
// job has run and its transaction has ended, so the references outlive every use.

namespace sqlite {

WriteOutcome insert_user_rows(Connection& conn, const UserRecord& user) {
  try {
    auto q = conn.query(
        "INSERT INTO users (id, username, name, type, active, status, status_text, "
        "status_default, password_hash, require_password_change, created_at, updated_at, "
        "last_login, utc_offset, roles, nickname, bio, custom_fields, preferences) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, user.id)
        .bind(2, user.username)
        .bind(3, user.name)
        .bind(4, user.type)
        .bind(5, int64_t{user.active})
        .bind(6, user.status)
        .bind(7, user.status_text)
        .bind(8, user.status_default)
        .bind(9, user.password_hash)
        .bind(10, int64_t{user.require_password_change})
        .bind(11, user.created_at)
        .bind(12, user.updated_at)
        .bind(14, user.utc_offset)
        .bind(15, sqlite::roles_to_json(user.roles))
        .bind(16, user.nickname)
        .bind(17, user.bio)
        .bind(19, user.preferences.empty() ? std::string("{}") : user.preferences);
    sqlite::bind_optional_text(q, 18, user.custom_fields);
    if (user.last_login) {
      q.bind(13, *user.last_login);
    } else {
      q.bind_null(13);
    }
    q.run();
  } catch (const SqliteError& e) {
    // users has two unique keys: the primary key (id) and username.
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateUsername};
    throw;
  }

  // On kDuplicateEmail the savepoint rollback also removes the users row inserted above.
  return {sqlite::insert_emails(conn, user)};
}

}  // namespace sqlite

WriteStatus SqliteStore::insert_user(const UserRecord& user) {
  return writer_->run([&user](Connection& conn) { return sqlite::insert_user_rows(conn, user); })
      .status;
}

WriteStatus SqliteStore::set_last_login(std::string_view user_id, int64_t at_ms) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        int64_t changed = conn.query("UPDATE users SET last_login = ? WHERE id = ?")
                              .bind(1, at_ms)
                              .bind(2, user_id)
                              .run();
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

WriteStatus SqliteStore::set_user_avatar(std::string_view user_id,
                                         const std::optional<AvatarRecord>& avatar) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        auto q = conn.query(
            "UPDATE users SET avatar_etag = ?, avatar_type = ?, avatar_origin = ?, "
            "avatar_uploaded_at = ? WHERE id = ?");
        if (avatar) {
          q.bind(1, avatar->etag)
              .bind(2, avatar->content_type)
              .bind(3, avatar->origin)
              .bind(4, avatar->uploaded_at);
        } else {
          q.bind_null(1).bind_null(2).bind_null(3).bind_null(4);
        }
        int64_t changed = q.bind(5, user_id).run();
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

WriteStatus SqliteStore::set_user_statuses(const std::vector<UserStatusRecord>& statuses) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        int64_t changed = 0;
        for (const auto& s : statuses) {
          changed += conn.query(
                             "UPDATE users SET status = ?, status_text = ?, status_default = ?, "
                             "updated_at = max(updated_at, ?) WHERE id = ?")
                         .bind(1, s.status)
                         .bind(2, s.status_text)
                         .bind(3, s.status_default)
                         .bind(4, s.changed_at)
                         .bind(5, s.user_id)
                         .run();
        }
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

WriteStatus SqliteStore::remove_login_token(std::string_view hashed_token) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        int64_t changed = conn.query("DELETE FROM login_tokens WHERE hashed_token = ?")
                              .bind(1, hashed_token)
                              .run();
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

int64_t SqliteStore::remove_expired_tokens(int64_t now_ms) {
  // Mirror of user_by_token: a token is valid while expires_at > now, so expired is <=.
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        return {WriteStatus::kOk,
                conn.query("DELETE FROM login_tokens WHERE expires_at <= ?").bind(1, now_ms).run()};
      })
      .changed;
}

}  // namespace parley::store
