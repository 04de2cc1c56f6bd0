#include "store/sqlite/user_rows.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>

#include "store/sqlite/field_reader.hpp"
#include "store/sqlite/query_helpers.hpp"

namespace parley::store::sqlite {

namespace {

// Column indexes of kUserColumns.
enum UserColumn {
  kId,
  kUsername,
  kName,
  kType,
  kActive,
  kStatus,
  kStatusText,
  kStatusDefault,
  kPasswordHash,
  kRequirePasswordChange,
  kCreatedAt,
  kUpdatedAt,
  kLastLogin,
  kUtcOffset,
  kRoles,
  kAvatarEtag,
  kAvatarType,
  kAvatarOrigin,
  kAvatarUploadedAt,
  kNickname,
  kBio,
  kCustomFields,
  kPreferences,
};

}  // namespace

std::optional<UserRecord> read_user_row(const Query& row, MalformedRows& malformed) {
  UserRecord u;
  FieldReader r(row);
  r.text(kId, "id", u.id);
  r.text(kUsername, "username", u.username);
  r.text(kName, "name", u.name);
  r.text(kType, "type", u.type);
  r.boolean(kActive, "active", u.active);
  r.text(kStatus, "status", u.status);
  r.text(kStatusText, "status_text", u.status_text);
  r.text(kStatusDefault, "status_default", u.status_default);
  r.text(kPasswordHash, "password_hash", u.password_hash);
  r.boolean(kRequirePasswordChange, "require_password_change", u.require_password_change);
  r.integer(kCreatedAt, "created_at", u.created_at);
  r.integer(kUpdatedAt, "updated_at", u.updated_at);
  r.optional_integer(kLastLogin, "last_login", u.last_login);
  r.real(kUtcOffset, "utc_offset", u.utc_offset);
  std::string roles_text;
  r.text(kRoles, "roles", roles_text);
  if (r.bad() == nullptr) {
    if (auto roles = roles_from_json(roles_text)) {
      u.roles = std::move(*roles);
    } else {
      r.mark("roles");
    }
  }
  std::string avatar_etag;
  r.optional_text(kAvatarEtag, "avatar_etag", avatar_etag);
  if (!avatar_etag.empty()) {
    AvatarRecord avatar{std::move(avatar_etag), {}, {}, 0};
    r.text(kAvatarType, "avatar_type", avatar.content_type);
    r.optional_text(kAvatarOrigin, "avatar_origin", avatar.origin);
    r.integer(kAvatarUploadedAt, "avatar_uploaded_at", avatar.uploaded_at);
    u.avatar = std::move(avatar);
  }
  r.text(kNickname, "nickname", u.nickname);
  r.text(kBio, "bio", u.bio);
  r.optional_text(kCustomFields, "custom_fields", u.custom_fields);
  r.text(kPreferences, "preferences", u.preferences);
  if (r.bad() != nullptr) {
    malformed.report("users", row.text(kId).value_or("?"), r.bad());
    return std::nullopt;
  }
  return u;
}

void load_emails(Connection& conn, UserRecord& user, MalformedRows& malformed) {
  auto q = conn.query(
      "SELECT address, verified FROM user_emails WHERE user_id = ? ORDER BY position, address");
  q.bind(1, user.id);
  while (q.step()) {
    auto address = q.text(0);
    auto verified = q.boolean(1);
    if (!address || !verified) {
      malformed.report("user_emails", user.id, !address ? "address" : "verified");
      continue;
    }
    user.emails.push_back(EmailRecord{std::move(*address), *verified});
  }
}

WriteStatus insert_emails(Connection& conn, const UserRecord& user) {
  int64_t position = 0;
  for (const auto& email : user.emails) {
    try {
      conn.query(
              "INSERT INTO user_emails (address, user_id, verified, position) "
              "VALUES (?, ?, ?, ?)")
          .bind(1, lowercase_ascii(email.address))
          .bind(2, user.id)
          .bind(3, int64_t{email.verified})
          .bind(4, position++)
          .run();
    } catch (const SqliteError& e) {
      if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return WriteStatus::kDuplicateEmail;
      throw;
    }
  }
  return WriteStatus::kOk;
}

void bind_optional_text(Query& q, int index, const std::string& text) {
  if (text.empty()) {
    q.bind_null(index);
  } else {
    q.bind(index, text);
  }
}

std::string roles_to_json(const std::vector<std::string>& roles) {
  return string_list_to_json(roles);
}

std::optional<std::vector<std::string>> roles_from_json(std::string_view text) {
  return string_list_from_json(text);
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace parley::store::sqlite
