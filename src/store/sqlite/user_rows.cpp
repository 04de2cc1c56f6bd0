#include "store/sqlite/user_rows.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

namespace parley::store::sqlite {

MalformedRows::MalformedRows(metrics::Registry& registry)
    : counter_(registry.counter("parley_store_malformed_rows_total",
                                "Rows skipped on read because a field was missing or malformed")) {}

void MalformedRows::report(std::string_view table, std::string_view key, std::string_view field) {
  counter_.inc();
  const uint64_t seen = counter_.value();
  // The same bad row is met on every read of it: log the first few, then one in a thousand.
  if (seen <= 10 || seen % 1000 == 0) {
    spdlog::warn("store: skipped malformed row in {} (key {}, field {}); {} skipped so far", table,
                 key, field, seen);
  }
}

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
};

// Reads fields one by one and remembers the first that failed, so decoding reads as a flat
// list instead of a ladder of ifs.
class FieldReader {
 public:
  explicit FieldReader(const Query& row) : row_(row) {}

  void text(int column, const char* field, std::string& out) {
    if (auto v = row_.text(column)) {
      out = std::move(*v);
    } else {
      mark(field);
    }
  }
  void integer(int column, const char* field, int64_t& out) {
    if (auto v = row_.integer(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void boolean(int column, const char* field, bool& out) {
    if (auto v = row_.boolean(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void real(int column, const char* field, double& out) {
    if (auto v = row_.real(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void optional_integer(int column, const char* field, std::optional<int64_t>& out) {
    if (row_.is_null(column)) {
      out.reset();
    } else {
      integer(column, field, out.emplace());
    }
  }
  void mark(const char* field) {
    if (bad_ == nullptr) bad_ = field;
  }
  const char* bad() const { return bad_; }

 private:
  const Query& row_;
  const char* bad_ = nullptr;
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

std::string roles_to_json(const std::vector<std::string>& roles) {
  boost::json::array array;
  array.reserve(roles.size());
  for (const auto& role : roles) array.emplace_back(role);
  return boost::json::serialize(array);
}

std::optional<std::vector<std::string>> roles_from_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return std::nullopt;
  std::vector<std::string> roles;
  roles.reserve(value.as_array().size());
  for (const auto& item : value.as_array()) {
    if (!item.is_string()) return std::nullopt;
    roles.emplace_back(item.as_string());
  }
  return roles;
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace parley::store::sqlite
