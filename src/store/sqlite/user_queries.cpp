// The users / login-token writes added for user administration and token revocation
// (issue 9, defects 6 and 7): modify_user, delete_user and the admin count.
// The counters (users, users_active, users_type_*, users_status_*) follow by the triggers of
// migration 0005, in the same transaction.
#include <sqlite3.h>

#include <algorithm>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_rows.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

std::optional<UserRecord> current_user(Connection& conn, std::string_view id,
                                       sqlite::MalformedRows& malformed) {
  auto q =
      conn.query("SELECT " + std::string(sqlite::kUserColumns) + " FROM users u WHERE u.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  auto user = sqlite::read_user_row(q, malformed);
  if (user) sqlite::load_emails(conn, *user, malformed);
  return user;
}

bool same_emails(const std::vector<EmailRecord>& a, const std::vector<EmailRecord>& b) {
  return std::ranges::equal(a, b, [](const EmailRecord& x, const EmailRecord& y) {
    return sqlite::lowercase_ascii(x.address) == sqlite::lowercase_ascii(y.address) &&
           x.verified == y.verified;
  });
}

WriteOutcome modify_user_row(Connection& conn, std::string_view id, const UserMutation& mutation,
                             sqlite::MalformedRows& malformed, UserRecord& written) {
  auto current = current_user(conn, id, malformed);
  if (!current) return {WriteStatus::kNotFound};
  UserRecord next = *current;
  if (!mutation(next)) return {WriteStatus::kUnchanged};
  next.id = current->id;  // an id is never renamed
  try {
    // Status, last_login and created_at have their own writers (presence, logins).
    auto q = conn.query(
        "UPDATE users SET username = ?, name = ?, type = ?, active = ?, password_hash = ?, "
        "require_password_change = ?, updated_at = ?, utc_offset = ?, roles = ?, nickname = ?, "
        "bio = ?, custom_fields = ?, preferences = ? WHERE id = ?");
    q.bind(1, next.username)
        .bind(2, next.name)
        .bind(3, next.type)
        .bind(4, int64_t{next.active})
        .bind(5, next.password_hash)
        .bind(6, int64_t{next.require_password_change})
        .bind(7, next.updated_at)
        .bind(8, next.utc_offset)
        .bind(9, sqlite::roles_to_json(next.roles))
        .bind(10, next.nickname)
        .bind(11, next.bio)
        .bind(13, next.preferences.empty() ? std::string("{}") : next.preferences)
        .bind(14, next.id);
    sqlite::bind_optional_text(q, 12, next.custom_fields);
    q.run();
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateUsername};
    throw;
  }
  if (!same_emails(current->emails, next.emails)) {
    conn.query("DELETE FROM user_emails WHERE user_id = ?").bind(1, next.id).run();
    // On kDuplicateEmail the savepoint rollback undoes the users row too.
    if (auto status = sqlite::insert_emails(conn, next); status != WriteStatus::kOk) {
      return {status};
    }
  }
  written = std::move(next);
  return {WriteStatus::kOk, 1};
}

}  // namespace

WriteStatus SqliteStore::modify_user(std::string_view id, const UserMutation& mutation,
                                     UserRecord* out) {
  UserRecord written;
  auto job = [&](Connection& conn) {
    return modify_user_row(conn, id, mutation, *malformed_, written);
  };
  const WriteStatus status = writer_->run(job).status;
  if (status == WriteStatus::kOk && out != nullptr) *out = std::move(written);
  return status;
}

WriteStatus SqliteStore::delete_user(std::string_view id) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        // Subscriptions first, as remove_subscription does each: remembered as removed (for
        // subscriptions.get's `remove`), and one fewer member in each room.
        conn.query(
                "INSERT OR REPLACE INTO removed_subscriptions "
                "(id, room_id, user_id, room_type, removed_at) "
                "SELECT id, room_id, user_id, room_type, ? FROM subscriptions WHERE user_id = ?")
            .bind(1, writer_->stamp())
            .bind(2, id)
            .run();
        conn.query(
                "UPDATE rooms SET users_count = users_count - 1 "
                "WHERE id IN (SELECT room_id FROM subscriptions WHERE user_id = ?)")
            .bind(1, id)
            .run();
        conn.query("DELETE FROM subscriptions WHERE user_id = ?").bind(1, id).run();
        // Emails and login tokens go by ON DELETE CASCADE; the counters by trigger.
        const int64_t removed = conn.query("DELETE FROM users WHERE id = ?").bind(1, id).run();
        return {removed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, removed};
      })
      .status;
}

int64_t SqliteStore::count_users_in_role(std::string_view role, bool active_only) {
  auto conn = readers_->acquire();
  // instr() narrows the scan; decoding each candidate keeps the count exact ("admin" inside
  // another role's name never counts) and leaves malformed rows out.
  auto q = conn->query("SELECT " + std::string(sqlite::kUserColumns) +
                       " FROM users u WHERE instr(u.roles, ?) > 0" +
                       (active_only ? " AND u.active = 1" : ""));
  q.bind(1, "\"" + std::string(role) + "\"");
  int64_t count = 0;
  while (q.step()) {
    auto user = sqlite::read_user_row(q, *malformed_);
    if (user && std::ranges::find(user->roles, role) != user->roles.end()) ++count;
  }
  return count;
}

}  // namespace parley::store
