// SqliteStore: permissions and roles (migration 0008), and who holds a role. Role lists are JSON
// arrays of ids in users.roles and subscriptions.roles; json_each matches them exactly, so a role
// whose name is inside another's ("admin" in "admin-lite") never counts, and the filter runs in
// SQL where LIMIT/OFFSET apply.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_rows.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::Query;
using sqlite::ReadTransaction;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

constexpr const char* kPermissionSelect =
    "SELECT id, roles, grp, level, section, setting_id, updated_at FROM permissions ";
constexpr const char* kRoleSelect =
    "SELECT id, name, scope, description, protected, mandatory_2fa, updated_at FROM roles ";

// A permission whose roles are not a JSON list of strings keeps its id with no roles (nobody
// is granted it) and is counted, rather than granting by a guess.
PermissionRecord read_permission(const Query& q, sqlite::MalformedRows& malformed) {
  PermissionRecord p;
  p.id = q.text(0).value_or("");
  if (auto roles = sqlite::string_list_from_json(q.text(1).value_or(""))) {
    p.roles = std::move(*roles);
  } else {
    malformed.report("permissions", p.id, "roles");
  }
  p.group = q.text(2).value_or("");
  p.level = q.text(3).value_or("");
  p.section = q.text(4).value_or("");
  p.setting_id = q.text(5).value_or("");
  p.updated_at = q.integer(6).value_or(0);
  return p;
}

RoleRecord read_role(const Query& q) {
  RoleRecord r;
  r.id = q.text(0).value_or("");
  r.name = q.text(1).value_or("");
  r.scope = q.text(2).value_or("");
  r.description = q.text(3).value_or("");
  r.is_protected = q.integer(4).value_or(0) != 0;
  r.mandatory_2fa = q.integer(5).value_or(0) != 0;
  r.updated_at = q.integer(6).value_or(0);
  return r;
}

std::optional<RoleRecord> role_row(Connection& conn, std::string_view id) {
  auto q = conn.query(std::string(kRoleSelect) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_role(q);
}

// A UNIQUE failure on roles is the name's (the id's is the PRIMARY KEY).
WriteStatus role_constraint(const SqliteError& e) {
  if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return WriteStatus::kDuplicateId;
  if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return WriteStatus::kDuplicateName;
  throw e;
}

}  // namespace

std::vector<PermissionRecord> SqliteStore::permissions() {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kPermissionSelect) + "ORDER BY position");
  std::vector<PermissionRecord> out;
  while (q.step()) out.push_back(read_permission(q, *malformed_));
  return out;
}

WriteStatus SqliteStore::set_permission_roles(std::string_view id,
                                              const std::vector<std::string>& roles,
                                              PermissionRecord* out, AfterCommit after_commit) {
  PermissionRecord written;
  const WriteStatus status =
      writer_
          ->run(
              [&](Connection& conn) -> WriteOutcome {
                const int64_t stamp = writer_->stamp();
                conn.query("UPDATE permissions SET roles = ?, updated_at = ? WHERE id = ?")
                    .bind(1, sqlite::string_list_to_json(roles))
                    .bind(2, stamp)
                    .bind(3, id)
                    .run();
                if (conn.changes() == 0) return {WriteStatus::kNotFound};
                auto q = conn.query(std::string(kPermissionSelect) + "WHERE id = ?");
                q.bind(1, id);
                if (q.step()) written = read_permission(q, *malformed_);
                return {};
              },
              [&] {
                if (out != nullptr) *out = written;
                if (after_commit) after_commit();
              })
          .status;
  return status;
}

std::vector<RoleRecord> SqliteStore::roles() {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kRoleSelect) + "ORDER BY rowid");
  std::vector<RoleRecord> out;
  while (q.step()) out.push_back(read_role(q));
  return out;
}

std::vector<RoleRecord> SqliteStore::roles_updated_since(int64_t since) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kRoleSelect) + "WHERE updated_at > ? ORDER BY rowid");
  q.bind(1, since);
  std::vector<RoleRecord> out;
  while (q.step()) out.push_back(read_role(q));
  return out;
}

std::vector<RemovedRole> SqliteStore::roles_removed_since(int64_t since) {
  auto conn = readers_->acquire();
  auto q = conn->query(
      "SELECT id, name, scope, description, 0, mandatory_2fa, removed_at FROM removed_roles "
      "WHERE removed_at > ? ORDER BY removed_at");
  q.bind(1, since);
  std::vector<RemovedRole> out;
  while (q.step()) {
    RemovedRole r;
    r.role = read_role(q);
    r.removed_at = r.role.updated_at;
    out.push_back(std::move(r));
  }
  return out;
}

WriteStatus SqliteStore::insert_role(const RoleRecord& role, RoleRecord* out,
                                     AfterCommit after_commit) {
  RoleRecord written = role;
  return writer_
      ->run(
          [&](Connection& conn) -> WriteOutcome {
            written.updated_at = writer_->stamp();
            try {
              conn.query(
                      "INSERT INTO roles (id, name, scope, description, protected, "
                      "mandatory_2fa, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                  .bind(1, role.id)
                  .bind(2, role.name)
                  .bind(3, role.scope)
                  .bind(4, role.description)
                  .bind(5, int64_t{role.is_protected ? 1 : 0})
                  .bind(6, int64_t{role.mandatory_2fa ? 1 : 0})
                  .bind(7, written.updated_at)
                  .run();
            } catch (const SqliteError& e) {
              return {role_constraint(e)};
            }
            // A role deleted earlier and created again is no longer "removed" for roles.sync.
            conn.query("DELETE FROM removed_roles WHERE id = ?").bind(1, role.id).run();
            return {};
          },
          [&] {
            if (out != nullptr) *out = written;
            if (after_commit) after_commit();
          })
      .status;
}

WriteStatus SqliteStore::update_role(const RoleRecord& role, RoleRecord* out,
                                     AfterCommit after_commit) {
  RoleRecord written;
  return writer_
      ->run(
          [&](Connection& conn) -> WriteOutcome {
            try {
              conn.query(
                      "UPDATE roles SET name = ?, scope = ?, description = ?, mandatory_2fa = ?, "
                      "updated_at = ? WHERE id = ?")
                  .bind(1, role.name)
                  .bind(2, role.scope)
                  .bind(3, role.description)
                  .bind(4, int64_t{role.mandatory_2fa ? 1 : 0})
                  .bind(5, writer_->stamp())
                  .bind(6, role.id)
                  .run();
            } catch (const SqliteError& e) {
              return {role_constraint(e)};
            }
            if (conn.changes() == 0) return {WriteStatus::kNotFound};
            written = role_row(conn, role.id).value_or(RoleRecord{});
            return {};
          },
          [&] {
            if (out != nullptr) *out = written;
            if (after_commit) after_commit();
          })
      .status;
}

WriteStatus SqliteStore::delete_role(std::string_view id, RemovedRole* out,
                                     AfterCommit after_commit) {
  RemovedRole removed;
  return writer_
      ->run(
          [&](Connection& conn) -> WriteOutcome {
            auto role = role_row(conn, id);
            if (!role) return {WriteStatus::kNotFound};
            removed.role = *role;
            removed.removed_at = writer_->stamp();
            conn.query("DELETE FROM roles WHERE id = ?").bind(1, id).run();
            conn.query(
                    "INSERT INTO removed_roles (id, name, scope, description, mandatory_2fa, "
                    "removed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "name = excluded.name, scope = excluded.scope, "
                    "description = excluded.description, mandatory_2fa = excluded.mandatory_2fa, "
                    "removed_at = excluded.removed_at")
                .bind(1, role->id)
                .bind(2, role->name)
                .bind(3, role->scope)
                .bind(4, role->description)
                .bind(5, int64_t{role->mandatory_2fa ? 1 : 0})
                .bind(6, removed.removed_at)
                .run();
            return {};
          },
          [&] {
            if (out != nullptr) *out = removed;
            if (after_commit) after_commit();
          })
      .status;
}

UserPage SqliteStore::users_in_role(std::string_view role, std::string_view room_id, int64_t offset,
                                    int64_t count) {
  const std::string from =
      room_id.empty()
          ? std::string(
                " FROM users u WHERE CASE WHEN json_valid(u.roles) THEN EXISTS ("
                "SELECT 1 FROM json_each(u.roles) WHERE value = ?1) ELSE 0 END ")
          : std::string(
                " FROM users u JOIN subscriptions s ON s.user_id = u.id AND s.room_id = ?2 "
                "WHERE CASE WHEN json_valid(s.roles) THEN EXISTS (SELECT 1 FROM "
                "json_each(s.roles) WHERE value = ?1) ELSE 0 END ");
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);  // total and page agree
  UserPage page;
  {
    auto q = conn->query("SELECT count(*)" + from);
    q.bind(1, role);
    if (!room_id.empty()) q.bind(2, room_id);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  {
    auto q = conn->query("SELECT " + std::string(sqlite::kUserColumns) + from +
                         "ORDER BY u.username LIMIT ?3 OFFSET ?4");
    q.bind(1, role);
    if (!room_id.empty()) q.bind(2, room_id);
    q.bind(3, sqlite::sql_limit(count)).bind(4, sqlite::sql_offset(offset));
    while (q.step()) {
      if (auto user = sqlite::read_user_row(q, *malformed_)) page.users.push_back(std::move(*user));
    }
  }
  for (auto& user : page.users) sqlite::load_emails(*conn, user, *malformed_);
  return page;
}

int64_t SqliteStore::count_subscriptions_in_role(std::string_view role) {
  auto conn = readers_->acquire();
  auto q = conn->query(
      "SELECT count(*) FROM subscriptions s WHERE CASE WHEN json_valid(s.roles) THEN EXISTS ("
      "SELECT 1 FROM json_each(s.roles) WHERE value = ?) ELSE 0 END");
  q.bind(1, role);
  return q.step() ? q.integer(0).value_or(0) : 0;
}

}  // namespace parley::store
