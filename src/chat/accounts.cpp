#include "chat/accounts.hpp"

#include <algorithm>
#include <cctype>

#include "chat/permissions.hpp"
#include "util/hash.hpp"
#include "util/ids.hpp"

namespace parley::chat {
namespace {

Error user_not_found() {
  return Error{ErrorKind::kLoginFailed, 403, "User not found", {}};
}
Error incorrect_password() {
  return Error{ErrorKind::kLoginFailed, 403, "Incorrect password", {}};
}
Error logged_out_by_server() {
  return Error{ErrorKind::kLoginFailed,
               403,
               "You've been logged out by the server. Please log in again.",
               {}};
}
Error blocked_for_ip() {
  return Error{ErrorKind::kLoginFailed,
               "error-login-blocked-for-ip",
               "Login has been temporarily blocked For IP",
               {}};
}
Error blocked_for_user() {
  return Error{ErrorKind::kLoginFailed,
               "error-login-blocked-for-user",
               "Login has been temporarily blocked For User",
               {}};
}
Error not_activated() {
  return Error{ErrorKind::kLoginFailed, "error-user-is-not-activated", "User is not activated", {}};
}

}  // namespace

std::string UserSelector::key() const {
  if (!username.empty()) return lowercase(username);
  if (!email.empty()) return lowercase(email);
  return id;
}

bool is_valid_username(std::string_view username) {
  // Rocket.Chat's default UTF8_User_Names_Validation: [0-9a-zA-Z-_.]+
  if (username.empty() || username.size() > 64) return false;
  return std::all_of(username.begin(), username.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end();
}

bool is_valid_email(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  return std::none_of(email.begin(), email.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',';
  });
}

Accounts::Accounts(store::Store& store, const util::Clock& clock, AccountsOptions options,
                   Events* events)
    : store_(store),
      clock_(clock),
      hash_cost_(options.hash_cost),
      token_ttl_ms_(options.token_ttl_ms),
      registration_open_(options.registration_open),
      limiter_(options.login_limits, clock),
      events_(events) {}

void Accounts::update_options(const AccountsOptions& options) {
  token_ttl_ms_ = options.token_ttl_ms;
  registration_open_ = options.registration_open;
  limiter_.set_limits(options.login_limits);
}

std::optional<store::UserRecord> Accounts::lookup(const UserSelector& who) {
  if (!who.id.empty()) return store_.user_by_id(who.id);
  if (!who.username.empty()) return store_.user_by_username(who.username);
  if (!who.email.empty()) return store_.user_by_email(who.email);
  return std::nullopt;
}

Result<LoginResult> Accounts::issue_token(store::UserRecord user, std::string type) {
  int64_t now = clock_.now_ms();
  std::string token = util::random_secret(43);
  store::LoginTokenRecord record;
  record.hashed_token = util::sha256_base64(token);
  record.user_id = user.id;
  record.created_at = now;
  record.expires_at = now + token_ttl_ms_.load();
  if (store_.add_login_token(record) != store::WriteStatus::kOk) return internal_error();
  store_.set_last_login(user.id, now);
  user.last_login = now;
  return LoginResult{std::move(user), std::move(token), record.expires_at, std::move(type)};
}

Result<LoginResult> Accounts::login_with_password(const UserSelector& who, std::string_view digest,
                                                  const std::string& ip) {
  if (who.empty()) return invalid_params("Match failed");
  if (limiter_.ip_blocked(ip)) return blocked_for_ip();
  const std::string key = who.key();
  if (limiter_.user_blocked(key)) return blocked_for_user();

  std::optional<store::UserRecord> user = lookup(who);
  if (!user) {
    limiter_.record_failure(ip, key);
    return user_not_found();
  }
  if (user->password_hash.empty()) {
    limiter_.record_failure(ip, key);
    return Error{ErrorKind::kLoginFailed, 403, "User has no password set", {}};
  }
  if (!verify_password_digest(normalise_digest(digest), user->password_hash)) {
    limiter_.record_failure(ip, key);
    return incorrect_password();
  }
  if (!user->active) return not_activated();
  limiter_.record_success(ip, key);
  return issue_token(std::move(*user), "password");
}

Result<LoginResult> Accounts::login_with_token(std::string_view token) {
  // Neither checked against nor counted by the login limiter: see login_limiter.hpp.
  auto user = store_.user_by_token(util::sha256_base64(token), clock_.now_ms());
  if (!user) return logged_out_by_server();
  if (!user->active) return not_activated();
  // A resume keeps the same token and reports its original expiry, as Meteor does.
  auto record = store_.login_token(util::sha256_base64(token));
  if (!record) return logged_out_by_server();  // logged out between the two reads
  return LoginResult{std::move(*user), std::string(token), record->expires_at, "resume"};
}

Status Accounts::logout(std::string_view token) {
  const std::string hash = util::sha256_base64(token);
  auto record = store_.login_token(hash);  // whose it was, for the revocation event
  if (store_.remove_login_token(hash) == store::WriteStatus::kOk && record && events_) {
    events_->tokens_revoked(record->user_id, {hash});
  }
  return Ok{};
}

Result<int64_t> Accounts::remove_other_tokens(std::string_view user_id, std::string_view token) {
  const std::string hash = util::sha256_base64(token);
  auto kept = store_.login_token(hash);
  if (!kept || kept->user_id != user_id) return unauthenticated();
  // Personal access tokens stay, as RC's removeNonPATLoginTokensExcept keeps them; the
  // sessions told to end are then only those of the removed tokens.
  std::vector<std::string> removed;
  store_.remove_user_tokens(user_id, hash, /*keep_personal=*/true, &removed);
  if (events_) {
    if (store_.personal_access_tokens(user_id).empty()) {
      events_->all_tokens_revoked(user_id, hash);
    } else if (!removed.empty()) {
      events_->tokens_revoked(user_id, removed);
    }
  }
  return kept->expires_at;
}

void Accounts::revoke_all_tokens(std::string_view user_id) {
  store_.remove_user_tokens(user_id);
  // Published even when no token was stored: a session may still hold one that expired.
  if (events_) events_->all_tokens_revoked(user_id);
}

Result<store::UserRecord> Accounts::authenticate(std::string_view user_id, std::string_view token) {
  if (user_id.empty() || token.empty()) return unauthenticated();
  auto user = store_.user_by_token(util::sha256_base64(token), clock_.now_ms());
  if (!user || user->id != user_id || !user->active) return unauthenticated();
  return std::move(*user);
}

Result<store::UserRecord> Accounts::insert_new_user(const NewUser& request) {
  if (!is_valid_username(request.username)) {
    return domain_error("error-input-is-not-a-valid-field",
                        request.username + " is not a valid username");
  }
  if (!is_valid_email(request.email)) {
    return domain_error("error-invalid-email", "Invalid email " + request.email);
  }
  if (request.password.empty()) return invalid_params("The password must not be empty");
  for (const auto& role : request.roles) {
    if (!is_known_role(role)) return domain_error("error-invalid-role", "Invalid role " + role);
  }

  int64_t now = clock_.now_ms();
  store::UserRecord user;
  user.id = util::random_id();
  user.username = request.username;
  user.name = request.name.empty() ? request.username : request.name;
  user.emails = {{lowercase(request.email), request.verified}};
  user.roles = request.roles.empty() ? std::vector<std::string>{"user"} : request.roles;
  user.type = has_role(user, kRoleBot) ? "bot" : "user";
  user.active = request.active;
  user.password_hash = hash_password_digest(util::sha256_hex(request.password), hash_cost_);
  user.require_password_change = request.require_password_change;
  user.created_at = now;
  user.updated_at = now;

  switch (store_.insert_user(user)) {
    case store::WriteStatus::kOk:
      return user;
    case store::WriteStatus::kDuplicateUsername:
      return domain_error("error-field-unavailable", request.username + " is already in use :(");
    case store::WriteStatus::kDuplicateEmail:
      return domain_error("error-field-unavailable", request.email + " is already in use :(");
    default:
      return internal_error();
  }
}

Result<store::UserRecord> Accounts::create_user(const store::UserRecord& actor,
                                                const NewUser& request) {
  if (!has_permission(actor, "create-user")) return forbidden();
  return insert_new_user(request);
}

Result<store::UserRecord> Accounts::register_user(const NewUser& request) {
  if (!registration_open_.load()) {
    return domain_error("error-user-registration-disabled", "User registration is disabled");
  }
  NewUser plain = request;
  plain.roles = {"user"};  // self-registration never grants more
  plain.active = true;
  return insert_new_user(plain);
}

Result<store::UserRecord> Accounts::find_user(const UserSelector& who) {
  if (who.empty()) {
    return invalid_params("The required \"userId\" or \"username\" param was not provided");
  }
  std::optional<store::UserRecord> user = lookup(who);
  if (!user) {
    return domain_error("error-invalid-user",
                        "The required \"userId\" or \"username\" param provided does not match "
                        "any users");
  }
  return std::move(*user);
}

store::UserPage Accounts::list_users(int64_t offset, int64_t count) {
  return store_.list_users(offset, count);
}

std::string Accounts::bootstrap_admin(const std::string& username, const std::string& password,
                                      const std::string& email, store::UserRecord* created_out) {
  if (username.empty()) return "no ADMIN_USERNAME set; no admin created";
  if (store_.any_admin()) return "an admin exists; ADMIN_USERNAME ignored";
  if (password.empty()) return "ADMIN_USERNAME set without ADMIN_PASS; no admin created";
  NewUser request;
  request.username = username;
  request.password = password;
  request.email = email.empty() ? username + "@localhost.localdomain" : email;
  request.name = username;
  request.roles = {"admin", "user"};
  request.verified = true;
  auto created = insert_new_user(request);
  if (!created) return "could not create admin " + username + ": " + created.error().message();
  if (created_out != nullptr) *created_out = created.value();
  return "created admin " + username;
}

Result<bool> Accounts::ensure_rocket_cat() {
  if (store_.user_by_id(kRocketCatId) || store_.user_by_username(kRocketCatId)) return false;
  int64_t now = clock_.now_ms();
  store::UserRecord cat;
  cat.id = std::string(kRocketCatId);
  cat.username = std::string(kRocketCatId);
  cat.name = "Rocket.Cat";
  cat.roles = {std::string(kRoleBot)};
  cat.type = "bot";
  // Online with no connection, as Rocket.Chat creates it: presence never takes it offline
  // (Presence::adopt_stored_statuses leaves it alone).
  cat.status = "online";
  cat.status_default = "online";
  cat.created_at = now;
  cat.updated_at = now;
  switch (store_.insert_user(cat)) {
    case store::WriteStatus::kOk:
      return true;
    case store::WriteStatus::kDuplicateId:  // another instance was first
    case store::WriteStatus::kDuplicateUsername:
      return false;
    default:
      return internal_error();
  }
}

}  // namespace parley::chat
