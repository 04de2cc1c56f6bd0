#pragma once
// Users, passwords and login tokens: the account rules both transports share.
// Runs on worker threads (it hashes passwords and calls the store); never on an event loop.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/login_limiter.hpp"
#include "chat/password.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// Which user a login or lookup names; exactly one field is set.
struct UserSelector {
  std::string id;
  std::string username;
  std::string email;
  bool empty() const { return id.empty() && username.empty() && email.empty(); }
  // The name a per-user login block is keyed on.
  std::string key() const;
};

struct LoginResult {
  store::UserRecord user;
  std::string token;  // the clear token, returned once; only its hash is stored
  int64_t token_expires_ms = 0;
  std::string type;  // "password" | "resume"
};

struct NewUser {
  std::string username;
  std::string email;
  std::string password;  // plaintext as given to users.create / users.register
  std::string name;
  std::vector<std::string> roles;  // empty = {"user"}
  bool active = true;
  bool verified = false;
  bool require_password_change = false;
};

struct AccountsOptions {
  HashCost hash_cost;
  int64_t token_ttl_ms = 90LL * 24 * 3600 * 1000;
  bool registration_open = true;  // Accounts_RegistrationForm == "Public"
  LoginLimits login_limits;
};

class Accounts {
 public:
  // `events` (may be null in tests) carries token revocations to every instance's DDP sessions.
  Accounts(store::Store& store, const util::Clock& clock, AccountsOptions options,
           Events* events = nullptr);

  // `digest` is the lowercase hex SHA-256 of the password (see password.hpp).
  Result<LoginResult> login_with_password(const UserSelector& who, std::string_view digest,
                                          const std::string& ip);
  // A resume login. Unlike Rocket.Chat, never refused for the client's IP and never counted as
  // a failed attempt (login_limiter.hpp says why).
  Result<LoginResult> login_with_token(std::string_view token);
  // Removes one login token; the DDP sessions using it end. Unknown tokens are not an error
  // (logging out twice is fine).
  Status logout(std::string_view token);
  // Removes every token of the user but `token` and personal access tokens
  // (users.logoutOtherClients, removeOtherTokens, a new password) and ends the sessions using
  // them. Returns when the kept token expires.
  Result<int64_t> remove_other_tokens(std::string_view user_id, std::string_view token);
  // Removes every token of the user and ends all their sessions (deactivation, a password set
  // by an admin, deletion).
  void revoke_all_tokens(std::string_view user_id);
  const HashCost& hash_cost() const { return hash_cost_; }
  // The user owning (user_id, token), as REST's X-User-Id / X-Auth-Token name it.
  Result<store::UserRecord> authenticate(std::string_view user_id, std::string_view token);

  Result<store::UserRecord> create_user(const store::UserRecord& actor, const NewUser& request);
  Result<store::UserRecord> register_user(const NewUser& request);
  Result<store::UserRecord> find_user(const UserSelector& who);
  store::UserPage list_users(int64_t offset, int64_t count);

  // The settings changed: token lifetime, registration, login blocking. The hash cost stays.
  void update_options(const AccountsOptions& options);

  // Creates the operator's admin (ADMIN_USERNAME etc.) when no admin exists yet.
  // Returns a description of what happened, for the log; `created` (if given) receives the
  // new admin.
  std::string bootstrap_admin(const std::string& username, const std::string& password,
                              const std::string& email, store::UserRecord* created = nullptr);
  // Rocket.Chat's first start also creates its bot, rocket.cat (id and username `rocket.cat`,
  // name `Rocket.Cat`, type bot, role bot, online, no password and no email), unless a user
  // with that id or username exists. True when it was created now.
  Result<bool> ensure_rocket_cat();

 private:
  Result<store::UserRecord> insert_new_user(const NewUser& request);
  // The user the selector names (id, else username, else email), if any.
  std::optional<store::UserRecord> lookup(const UserSelector& who);
  Result<LoginResult> issue_token(store::UserRecord user, std::string type);

  store::Store& store_;
  const util::Clock& clock_;
  const HashCost hash_cost_;
  // Settings that change at run time (update_options) while requests read them.
  std::atomic<int64_t> token_ttl_ms_;
  std::atomic<bool> registration_open_;
  LoginLimiter limiter_;
  Events* events_;
};

// The bot Rocket.Chat creates on its first start; its id is its username.
inline constexpr std::string_view kRocketCatId = "rocket.cat";

bool is_valid_username(std::string_view username);
bool is_valid_email(std::string_view email);
// How emails and login names are compared and stored: ASCII lowercase.
std::string lowercase(std::string_view s);
// Whether `needle` occurs in `haystack`, ASCII case ignored: how list filters (members by
// username or name, team rooms by name) match, as RC's case-insensitive $regex of the filter.
bool contains_folded(std::string_view haystack, std::string_view needle);

}  // namespace parley::chat
