#pragma once
// DESIGN: Rocket.Chat's "Block_Multiple_Failed_Logins" guard. Failed attempts are remembered
// per client IP and per login name; once a key has `attempts` failures inside its window of
// `minutes`, further logins for that key are refused until the oldest counted failure ages
// out. A successful login clears both keys (as Rocket.Chat counts failures since the last
// success). State is in memory per instance: a restart forgets it, which errs on the side of
// letting users in; issue 4's rate-limit work may move it to the shared store.
//
// Stricter about availability than Rocket.Chat: only password logins are checked and counted.
// RC runs its IP check for every login type (app/authentication/server/startup/index.js), so 50
// bad passwords from one address also refuse every token resume from it; behind a NAT, or a
// proxy without HTTP_FORWARDED_COUNT, that is a whole office locked out by one attacker. A resume
// token is 43 random characters and cannot be guessed, so blocking resumes protects nothing:
// Accounts::login_with_token neither checks nor feeds this limiter. Attempts the block itself
// refuses are not counted either, so a blocked client cannot keep itself blocked.
// Thread-safe (one mutex; the work under it is a few map operations).
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/clock.hpp"

namespace parley::chat {

struct LoginLimits {
  bool enabled = true;
  bool by_user = true;
  bool by_ip = true;
  int user_attempts = 10;
  int64_t user_window_ms = 5 * 60'000;
  int ip_attempts = 50;
  int64_t ip_window_ms = 5 * 60'000;
};

class LoginLimiter {
 public:
  LoginLimiter(LoginLimits limits, const util::Clock& clock) : limits_(limits), clock_(clock) {}

  // The settings changed (Block_Multiple_Failed_Logins_*); counted failures are kept.
  void set_limits(LoginLimits limits);

  bool ip_blocked(const std::string& ip);
  bool user_blocked(const std::string& login_name);
  void record_failure(const std::string& ip, const std::string& login_name);
  void record_success(const std::string& ip, const std::string& login_name);

 private:
  using Failures = std::deque<int64_t>;
  bool blocked(std::unordered_map<std::string, Failures>& table, const std::string& key,
               int attempts, int64_t window_ms);
  void prune(Failures& failures, int64_t window_ms, int64_t now);

  LoginLimits limits_;  // guarded by mu_
  const util::Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> by_ip_;
  std::unordered_map<std::string, Failures> by_user_;
};

}  // namespace parley::chat
