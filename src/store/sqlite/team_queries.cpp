// SqliteStore: teams and their members (migration 0010). A team's rooms are the rooms whose
// doc names it (`teamId`), found through the rooms_by_team expression index; the query repeats
// the indexed expression so the planner can use it.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/room_rows.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::Query;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

constexpr const char* kTeamSelect =
    "SELECT t.id, t.name, t.type, t.room_id, t.created_at, t.updated_at, t.created_by_id, "
    "t.created_by_username FROM teams t ";
constexpr const char* kMemberSelect =
    "SELECT team_id, user_id, roles, created_at, created_by_id, created_by_username "
    "FROM team_members ";

TeamRecord read_team(const Query& q) {
  TeamRecord t;
  t.id = q.text(0).value_or("");
  t.name = q.text(1).value_or("");
  t.type = static_cast<int>(q.integer(2).value_or(0));
  t.room_id = q.text(3).value_or("");
  t.created_at = q.integer(4).value_or(0);
  t.updated_at = q.integer(5).value_or(0);
  t.created_by_id = q.text(6).value_or("");
  t.created_by_username = q.text(7).value_or("");
  return t;
}

// Roles that are not a JSON list of strings read as none (nobody gains a role by a guess) and
// are counted.
TeamMemberRecord read_member(const Query& q, sqlite::MalformedRows& malformed) {
  TeamMemberRecord m;
  m.team_id = q.text(0).value_or("");
  m.user_id = q.text(1).value_or("");
  if (auto roles = sqlite::string_list_from_json(q.text(2).value_or(""))) {
    m.roles = std::move(*roles);
  } else {
    malformed.report("team_members", m.team_id + "/" + m.user_id, "roles");
  }
  m.created_at = q.integer(3).value_or(0);
  m.created_by_id = q.text(4).value_or("");
  m.created_by_username = q.text(5).value_or("");
  return m;
}

void insert_member_row(Connection& conn, const TeamMemberRecord& m) {
  conn.query(
          "INSERT INTO team_members (team_id, user_id, roles, created_at, created_by_id, "
          "created_by_username) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, m.team_id)
      .bind(2, m.user_id)
      .bind(3, sqlite::string_list_to_json(m.roles))
      .bind(4, m.created_at)
      .bind(5, m.created_by_id)
      .bind(6, m.created_by_username)
      .run();
}

WriteOutcome insert_member_checked(Connection& conn, const TeamMemberRecord& m) {
  try {
    insert_member_row(conn, m);
  } catch (const SqliteError& e) {
    if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
    if (is_constraint(e, SQLITE_CONSTRAINT_FOREIGNKEY)) return {WriteStatus::kNotFound};
    throw;
  }
  return {};
}

}  // namespace

WriteStatus SqliteStore::insert_team(const TeamRecord& team,
                                     const std::vector<TeamMemberRecord>& members) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        const int64_t stamp = writer_->stamp();
        try {
          conn.query(
                  "INSERT INTO teams (id, name, type, room_id, created_at, updated_at, "
                  "created_by_id, created_by_username) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
              .bind(1, team.id)
              .bind(2, team.name)
              .bind(3, team.type)
              .bind(4, team.room_id)
              .bind(5, team.created_at)
              .bind(6, stamp)
              .bind(7, team.created_by_id)
              .bind(8, team.created_by_username)
              .run();
        } catch (const SqliteError& e) {
          if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
          if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateName};
          throw;
        }
        for (const auto& given : members) {
          TeamMemberRecord m = given;
          m.team_id = team.id;
          if (auto outcome = insert_member_checked(conn, m); outcome.status != WriteStatus::kOk) {
            return outcome;  // the savepoint rollback takes the team with it
          }
        }
        return {};
      })
      .status;
}

std::optional<TeamRecord> SqliteStore::team_by_id(std::string_view id) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kTeamSelect) + "WHERE t.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_team(q);
}

std::optional<TeamRecord> SqliteStore::team_by_name(std::string_view name) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kTeamSelect) + "WHERE t.name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_team(q);
}

std::optional<TeamRecord> SqliteStore::team_by_room_id(std::string_view room_id) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kTeamSelect) + "WHERE t.room_id = ? ORDER BY t.created_at");
  q.bind(1, room_id);
  if (!q.step()) return std::nullopt;
  return read_team(q);
}

TeamPage SqliteStore::list_teams(int64_t offset, int64_t count) {
  auto conn = readers_->acquire();
  TeamPage page;
  page.total = conn->scalar_int("SELECT count(*) FROM teams");
  auto q = conn->query(std::string(kTeamSelect) + "ORDER BY t.created_at, t.id LIMIT ? OFFSET ?");
  q.bind(1, sqlite::sql_limit(count)).bind(2, sqlite::sql_offset(offset));
  while (q.step()) page.teams.push_back(read_team(q));
  return page;
}

TeamPage SqliteStore::teams_of_user(std::string_view user_id, int64_t offset, int64_t count) {
  auto conn = readers_->acquire();
  TeamPage page;
  auto total = conn->query("SELECT count(*) FROM team_members WHERE user_id = ?");
  total.bind(1, user_id);
  if (total.step()) page.total = total.integer(0).value_or(0);
  auto q = conn->query(std::string(kTeamSelect) +
                       "JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ? "
                       "ORDER BY t.created_at, t.id LIMIT ? OFFSET ?");
  q.bind(1, user_id).bind(2, sqlite::sql_limit(count)).bind(3, sqlite::sql_offset(offset));
  while (q.step()) page.teams.push_back(read_team(q));
  return page;
}

WriteStatus SqliteStore::update_team(std::string_view id, std::string_view name, int type) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        int64_t changed = 0;
        try {
          changed = conn.query("UPDATE teams SET name = ?, type = ?, updated_at = ? WHERE id = ?")
                        .bind(1, name)
                        .bind(2, type)
                        .bind(3, writer_->stamp())
                        .bind(4, id)
                        .run();
        } catch (const SqliteError& e) {
          if (is_constraint(e, SQLITE_CONSTRAINT_UNIQUE)) return {WriteStatus::kDuplicateName};
          throw;
        }
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

WriteStatus SqliteStore::delete_team(std::string_view id) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        // Memberships go by ON DELETE CASCADE.
        const int64_t removed = conn.query("DELETE FROM teams WHERE id = ?").bind(1, id).run();
        return {removed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, removed};
      })
      .status;
}

std::vector<TeamMemberRecord> SqliteStore::team_members(std::string_view team_id) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kMemberSelect) + "WHERE team_id = ? ORDER BY created_at, rowid");
  q.bind(1, team_id);
  std::vector<TeamMemberRecord> out;
  while (q.step()) out.push_back(read_member(q, *malformed_));
  return out;
}

std::optional<TeamMemberRecord> SqliteStore::team_member(std::string_view team_id,
                                                         std::string_view user_id) {
  auto conn = readers_->acquire();
  auto q = conn->query(std::string(kMemberSelect) + "WHERE team_id = ? AND user_id = ?");
  q.bind(1, team_id).bind(2, user_id);
  if (!q.step()) return std::nullopt;
  return read_member(q, *malformed_);
}

WriteStatus SqliteStore::insert_team_member(const TeamMemberRecord& member) {
  return writer_->run([&](Connection& conn) { return insert_member_checked(conn, member); }).status;
}

WriteStatus SqliteStore::set_team_member_roles(std::string_view team_id, std::string_view user_id,
                                               const std::vector<std::string>& roles) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        const int64_t changed =
            conn.query("UPDATE team_members SET roles = ? WHERE team_id = ? AND user_id = ?")
                .bind(1, sqlite::string_list_to_json(roles))
                .bind(2, team_id)
                .bind(3, user_id)
                .run();
        return {changed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, changed};
      })
      .status;
}

WriteStatus SqliteStore::remove_team_member(std::string_view team_id, std::string_view user_id) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        const int64_t removed =
            conn.query("DELETE FROM team_members WHERE team_id = ? AND user_id = ?")
                .bind(1, team_id)
                .bind(2, user_id)
                .run();
        return {removed == 0 ? WriteStatus::kNotFound : WriteStatus::kOk, removed};
      })
      .status;
}

int64_t SqliteStore::count_team_members(std::string_view team_id) {
  auto conn = readers_->acquire();
  auto q = conn->query("SELECT count(*) FROM team_members WHERE team_id = ?");
  q.bind(1, team_id);
  return q.step() ? q.integer(0).value_or(0) : 0;
}

std::vector<RoomRecord> SqliteStore::team_rooms(std::string_view team_id) {
  // The first term is rooms_by_team's expression (migration 0010), as written there.
  static const std::string kSql =
      "SELECT " + std::string(sqlite::kRoomColumns) +
      " FROM rooms r WHERE (CASE WHEN json_valid(r.doc) THEN json_extract(r.doc, '$.teamId') "
      "END) = ? AND (CASE WHEN json_valid(r.doc) THEN COALESCE(json_extract(r.doc, "
      "'$.teamMain'), 0) ELSE 1 END) = 0 ORDER BY r.name, r.id";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, team_id);
  std::vector<RoomRecord> out;
  while (q.step()) {
    if (auto room = sqlite::read_room_row(q, *malformed_)) out.push_back(std::move(*room));
  }
  return out;
}

}  // namespace parley::store
