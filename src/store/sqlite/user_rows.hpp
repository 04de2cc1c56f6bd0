#pragma once
// Mapping between UserRecord and the users / user_emails tables. Reading is defensive: a
// row whose field has the wrong type or unparsable content is reported to MalformedRows and
// skipped, so one bad row (hand edits, a bug in an older build, disk damage that SQLite did
// not catch) costs one user, never the process.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"
#include "store/store.hpp"

namespace parley::store::sqlite {

// The columns read_user_row expects, in order, for a query over `users u`.
inline constexpr std::string_view kUserColumns =
    "u.id, u.username, u.name, u.type, u.active, u.status, u.status_text, u.status_default, "
    "u.password_hash, u.require_password_change, u.created_at, u.updated_at, u.last_login, "
    "u.utc_offset, u.roles, u.avatar_etag, u.avatar_type, u.avatar_origin, u.avatar_uploaded_at, "
    "u.nickname, u.bio, u.custom_fields, u.preferences";

// Decodes the current row of a query selecting kUserColumns first. Emails are not filled in.
std::optional<UserRecord> read_user_row(const Query& row, MalformedRows& malformed);

// Writes user.emails into user_emails in order (the caller has removed any old rows).
// kDuplicateEmail when an address belongs to someone else; the caller's savepoint rollback
// then undoes the rest of its job.
WriteStatus insert_emails(Connection& conn, const UserRecord& user);

// Fills user.emails from user_emails, in position order; malformed email rows are skipped.
void load_emails(Connection& conn, UserRecord& user, MalformedRows& malformed);

// Binds `text`, or NULL when it is empty (columns where NULL means "never set").
void bind_optional_text(Query& q, int index, const std::string& text);

// Roles are a JSON array of strings in the users.roles column.
std::string roles_to_json(const std::vector<std::string>& roles);
std::optional<std::vector<std::string>> roles_from_json(std::string_view text);

// Emails are stored lowercase (ASCII, matching COLLATE NOCASE), so lookups and the
// uniqueness index agree on what "the same address" means.
std::string lowercase_ascii(std::string_view text);

}  // namespace parley::store::sqlite
