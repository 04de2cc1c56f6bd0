#pragma once
// DESIGN: the Store is the only way chat/ reaches durable data. Two implementations satisfy
// it: sqlite/ (embedded default) and, later, postgres/. Both pass tests/unit/store_conformance.
//
// Guarantees every implementation gives:
//  - Reads are safe from any thread and never run on an event loop (callers are workers).
//  - A write returns only after its transaction has committed (durable); callers acknowledge
//    clients only after that return. Writes from many threads are batched into one
//    transaction (group commit) where the implementation can.
//  - Expected failures (a duplicate username, a missing row) are values (WriteStatus), never
//    exceptions. Exceptions mean the store itself is broken (disk gone, database corrupt).
//  - A row with a malformed field is skipped and counted, never dereferenced blindly.
#include <optional>
#include <string>
#include <string_view>

#include "store/records.hpp"

namespace parley::store {

enum class WriteStatus {
  kOk,
  kDuplicateUsername,
  kDuplicateEmail,
  kDuplicateId,
  kNotFound,
};

class Store {
 public:
  virtual ~Store() = default;

  // --- users -----------------------------------------------------------------------------
  virtual std::optional<UserRecord> user_by_id(std::string_view id) = 0;
  // Case-insensitive.
  virtual std::optional<UserRecord> user_by_username(std::string_view username) = 0;
  // Case-insensitive, against every address of the user.
  virtual std::optional<UserRecord> user_by_email(std::string_view email) = 0;
  // Ordered by username; count == 0 means no limit.
  virtual UserPage list_users(int64_t offset, int64_t count) = 0;
  virtual bool any_admin() = 0;

  virtual WriteStatus insert_user(const UserRecord& user) = 0;
  virtual WriteStatus set_last_login(std::string_view user_id, int64_t at_ms) = 0;

  // --- login tokens ----------------------------------------------------------------------
  // The user owning an unexpired token (expires_at > now_ms), if any.
  virtual std::optional<UserRecord> user_by_token(std::string_view hashed_token,
                                                  int64_t now_ms) = 0;
  // The token's own record (for its expiry), whether or not it has expired.
  virtual std::optional<LoginTokenRecord> login_token(std::string_view hashed_token) = 0;
  virtual WriteStatus add_login_token(const LoginTokenRecord& token) = 0;
  // kNotFound when no such token exists.
  virtual WriteStatus remove_login_token(std::string_view hashed_token) = 0;
  // Housekeeping; returns how many were removed.
  virtual int64_t remove_expired_tokens(int64_t now_ms) = 0;

  // --- health ----------------------------------------------------------------------------
  // True when a trivial read succeeds right now (used by /readyz).
  virtual bool reachable() = 0;
};

}  // namespace parley::store
