#pragma once
// DESIGN: the DDP half of token revocation (issue 9, defect 6). Meteor closes a connection whose
// login token is removed; parley does the same on every instance:
//  - chat/ removes tokens in the store, then publishes a revocation on the bus subject
//    bus::kTokensSubject (chat/events.hpp: {"uid", "tokens":[hash...]} or {"uid", "all":true,
//    "except"?:hash}). Every instance's registry subscribes to that one subject for its whole
//    life, so the event reaches whichever instance holds the connection.
//  - Sessions register here when they log in (user id, base64(sha256(token))) and leave when
//    they log out or close. The registry holds weak references only.
//  - On an event (bus thread: the publisher's for LocalBus), the matching sessions are collected
//    under the registry's mutex, then, outside it, each is told to end: it refuses further
//    methods at once and closes its socket through the peer, which posts to the socket's loop.
//    With LocalBus this all happens before the revoking REST call or method returns.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bus/bus.hpp"

namespace parley::ddp {

// What a logged-in connection does when its token is removed. Thread-safe, non-blocking.
class RevocableLogin {
 public:
  virtual ~RevocableLogin() = default;
  virtual void login_revoked() = 0;
};

class LoginRegistry {
 public:
  explicit LoginRegistry(bus::Bus& bus);
  ~LoginRegistry();
  LoginRegistry(const LoginRegistry&) = delete;
  LoginRegistry& operator=(const LoginRegistry&) = delete;

  // The session `session_id` is logged in as `user_id` with the token whose hash is given.
  // A second add for the same session replaces the first (a login as someone else).
  void add(const std::string& session_id, const std::string& user_id, std::string hashed_token,
           std::weak_ptr<RevocableLogin> session);
  void remove(const std::string& session_id);
  std::size_t size() const;

 private:
  struct Entry {
    std::string user_id;
    std::string hashed_token;
    std::weak_ptr<RevocableLogin> session;
  };
  // Shared with the bus handler through a weak reference: the bus may deliver once more after
  // unsubscribe (bus.hpp), and must then find nothing rather than a destroyed registry.
  struct State {
    std::mutex mu;
    std::unordered_map<std::string, Entry> by_session;
    // user id -> session ids; a user has a handful of connections.
    std::unordered_multimap<std::string, std::string> by_user;
  };
  static void on_revocation(State& state, const std::string& payload);
  static void forget(State& state, const std::string& session_id);  // mu held

  bus::Bus& bus_;
  std::shared_ptr<State> state_;
  bus::InterestId interest_ = 0;
};

}  // namespace parley::ddp
