// Login tokens and personal access tokens (migration 0011): one table, as RC keeps both in
// services.resume.loginTokens; a personal access token is a row with a name. Only
// base64(sha256(token)) is ever stored.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/row_inserts.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_rows.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

constexpr std::string_view kTokenColumns =
    "hashed_token, user_id, created_at, expires_at, name, last_token_part, bypass_two_factor";

std::optional<LoginTokenRecord> read_token_row(const sqlite::Query& q,
                                               sqlite::MalformedRows& malformed) {
  LoginTokenRecord t;
  sqlite::FieldReader r(q);
  r.text(0, "hashed_token", t.hashed_token);
  r.text(1, "user_id", t.user_id);
  r.integer(2, "created_at", t.created_at);
  r.integer(3, "expires_at", t.expires_at);
  r.optional_text(4, "name", t.name);
  r.text(5, "last_token_part", t.last_token_part);
  r.boolean(6, "bypass_two_factor", t.bypass_two_factor);
  if (r.bad() != nullptr) {
    // The key is the user id, never the token hash: hashes are credentials of a kind.
    malformed.report("login_tokens", q.text(1).value_or("?"), r.bad());
    return std::nullopt;
  }
  return t;
}

}  // namespace

std::optional<LoginTokenRecord> SqliteStore::login_token(std::string_view hashed_token) {
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT " + std::string(kTokenColumns) +
                       " FROM login_tokens WHERE hashed_token = ?");
  q.bind(1, hashed_token);
  if (!q.step()) return std::nullopt;
  return read_token_row(q, *malformed_);
}

std::vector<LoginTokenRecord> SqliteStore::personal_access_tokens(std::string_view user_id) {
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT " + std::string(kTokenColumns) +
                       " FROM login_tokens WHERE user_id = ? AND name IS NOT NULL "
                       "ORDER BY created_at, name");
  q.bind(1, user_id);
  std::vector<LoginTokenRecord> out;
  while (q.step()) {
    if (auto token = read_token_row(q, *malformed_)) out.push_back(std::move(*token));
  }
  return out;
}

namespace sqlite {

WriteOutcome insert_token_row(Connection& conn, const LoginTokenRecord& token) {
  try {
    auto q = conn.query(
        "INSERT INTO login_tokens (hashed_token, user_id, created_at, expires_at, name, "
        "last_token_part, bypass_two_factor) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, token.hashed_token)
        .bind(2, token.user_id)
        .bind(3, token.created_at)
        .bind(4, token.expires_at)
        .bind(6, token.last_token_part)
        .bind(7, int64_t{token.bypass_two_factor});
    sqlite::bind_optional_text(q, 5, token.name);
    q.run();
  } catch (const SqliteError& e) {
    // No such user: the token would belong to nobody.
    if (is_constraint(e, SQLITE_CONSTRAINT_FOREIGNKEY)) return {WriteStatus::kNotFound};
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
    // login_tokens_by_name: the user has a personal access token of this name.
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateName};
    throw;
  }
  return {};
}

}  // namespace sqlite

WriteStatus SqliteStore::add_login_token(const LoginTokenRecord& token) {
  return writer_->run([&token](Connection& conn) { return sqlite::insert_token_row(conn, token); })
      .status;
}

int64_t SqliteStore::remove_user_tokens(std::string_view user_id,
                                        std::string_view except_hashed_token, bool keep_personal,
                                        std::vector<std::string>* removed) {
  // As a std::string: an empty string_view may bind as NULL, and `<> NULL` matches nothing.
  const std::string except(except_hashed_token);
  const std::string where = std::string("WHERE user_id = ? AND hashed_token <> ?") +
                            (keep_personal ? " AND name IS NULL" : "");
  std::vector<std::string> hashes;
  const int64_t changed = writer_
                              ->run([&](Connection& conn) -> WriteOutcome {
                                hashes.clear();  // a retried job starts over
                                if (removed != nullptr) {
                                  auto q =
                                      conn.query("SELECT hashed_token FROM login_tokens " + where);
                                  q.bind(1, user_id).bind(2, except);
                                  while (q.step()) {
                                    if (auto hash = q.text(0)) hashes.push_back(std::move(*hash));
                                  }
                                }
                                auto q = conn.query("DELETE FROM login_tokens " + where);
                                return {WriteStatus::kOk, q.bind(1, user_id).bind(2, except).run()};
                              })
                              .changed;
  if (removed != nullptr) *removed = std::move(hashes);
  return changed;
}

}  // namespace parley::store
