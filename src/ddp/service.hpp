#pragma once
// What every DDP session shares: the domain services, the worker pool, the method table and
// the counters. One per process; sessions hold a reference.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chat/accounts.hpp"
#include "chat/avatars.hpp"
#include "chat/discussions.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/messages.hpp"
#include "chat/presence.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "config/config.hpp"
#include "ddp/login_registry.hpp"
#include "ddp/stream_hub.hpp"
#include "metrics/registry.hpp"
#include "net/application.hpp"
#include "store/records.hpp"
#include "util/clock.hpp"
#include "util/rate_limiter.hpp"
#include "util/worker_pool.hpp"

namespace parley::chat {
class UserAdmin;  // chat/user_admin.hpp: only the account methods need it whole
}  // namespace parley::chat

namespace parley::ddp {

class Service;

// Who a method runs for: a DDP session, or a REST method.call request (rest/method_call).
// Methods see only this, so the same table serves both transports.
class Caller {
 public:
  virtual ~Caller() = default;
  virtual std::optional<store::UserRecord> user() const = 0;
  virtual void set_login(store::UserRecord user, std::string token) = 0;
  // Returns the token the caller logged in with (to revoke it), and forgets the login.
  virtual std::string clear_login() = 0;
  // The token the caller is logged in with (empty: none known), for removeOtherTokens.
  virtual std::string login_token() const { return {}; }
  virtual const std::string& remote_ip() const = 0;
  // Names the connection, so a stream emit is not echoed back to it.
  virtual const std::string& id() const = 0;
  virtual Service& service() = 0;
  // A frame besides the method result (the `users` document after login). A REST caller has
  // no stream to put it on and drops it.
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
};

struct MethodCall {
  Caller& session;
  const std::string& name;
  const boost::json::array& params;
};

// nullopt = no result (JS undefined): the frame then has no "result" key.
using MethodResult = chat::Result<std::optional<boost::json::value>>;
using MethodHandler = std::function<MethodResult(MethodCall&)>;

// A per-user limit on one method: Rocket.Chat's RateLimiter.limitMethod(name, calls, interval,
// {userId: no bypass permission}). A refused call is Meteor's `too-many-requests` error.
struct MethodLimit {
  int calls = 0;  // 0: not limited
  int64_t interval_ms = 0;
  const char* bypass_permission = nullptr;  // holders are never limited
};

struct MethodSpec {
  bool requires_login = false;
  MethodHandler handler;
  MethodLimit limit = {};
};

struct SessionOptions {
  std::chrono::milliseconds ping_after{30'000};
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_subscriptions = 500;  // open subs per connection (config: ddp_max_subscriptions)
};

// The domain services DDP methods call.
struct Domain {
  chat::Accounts& accounts;
  chat::Rooms& rooms;
  chat::Messages& messages;
  chat::RoomAccess& access;
  chat::Events& events;  // its bus feeds the stream hub
  chat::Presence& presence;
  store::Store& store;
  chat::Settings* settings = nullptr;  // public-settings/get, private-settings/get
  chat::Avatars* avatars = nullptr;    // setAvatarFromService

  // createDiscussion (issue 11, item 3).
  chat::Discussions* discussions = nullptr;
  // deleteUserOwnAccount (issue 11): null refuses it as an internal error.
  chat::UserAdmin* user_admin = nullptr;
};

class Service {
 public:
  Service(Domain domain, const config::Config& config, util::WorkerPool& workers,
          metrics::Registry& metrics, const util::Clock& clock);

  std::shared_ptr<net::WebSocketHandler> open(std::shared_ptr<net::WebSocketPeer> peer,
                                              const std::string& remote_ip);

  void add_method(std::string name, MethodSpec spec) {
    methods_[std::move(name)] = std::move(spec);
  }
  const MethodSpec* method(const std::string& name) const;
  // Every method's name and login requirement, sorted by name. For tools (tests/compat).
  std::vector<std::pair<std::string, bool>> method_listing() const {
    std::vector<std::pair<std::string, bool>> out;
    for (const auto& [name, spec] : methods_) out.emplace_back(name, spec.requires_login);
    return out;
  }

  chat::Accounts& accounts() { return domain_.accounts; }
  chat::Rooms& rooms() { return domain_.rooms; }
  chat::Messages& messages() { return domain_.messages; }
  chat::RoomAccess& access() { return domain_.access; }
  chat::Events& events() { return domain_.events; }
  chat::Presence& presence() { return domain_.presence; }
  chat::Settings* settings() { return domain_.settings; }
  chat::Avatars* avatars() { return domain_.avatars; }
  chat::Discussions* discussions() { return domain_.discussions; }
  chat::UserAdmin* user_admin() { return domain_.user_admin; }
  StreamHub& streams() { return streams_; }
  LoginRegistry& logins() { return logins_; }
  store::Store& store() { return domain_.store; }
  const config::Config& config() const { return config_; }
  util::WorkerPool& workers() { return workers_; }
  metrics::Registry& metrics() { return metrics_; }
  const util::Clock& clock() const { return clock_; }
  SessionOptions session_options() const;

  // Runs one method for `caller` and returns the DDP result message
  // {"msg":"result","id":..,"result"|"error":..}: unknown methods, missing login, method limits
  // and exceptions become Meteor errors here, so every transport answers alike (REST
  // method.call shares a user's sendMessage allowance with their DDP sessions, as in RC).
  boost::json::object invoke(Caller& caller, const boost::json::value& id, const std::string& name,
                             const boost::json::array& params);

  void count_method(const std::string& name, const char* outcome);
  metrics::Counter& unexpected_errors() { return unexpected_errors_; }
  metrics::Counter& subscriptions_refused() { return subscriptions_refused_; }
  metrics::Gauge& sessions() { return sessions_; }

 private:
  // The Meteor error for a call over its method's limit; nullopt when the call may run.
  std::optional<chat::Error> over_limit(const MethodSpec& spec, const Caller& caller,
                                        const std::string& name);

  Domain domain_;
  const config::Config& config_;
  util::WorkerPool& workers_;
  metrics::Registry& metrics_;
  const util::Clock& clock_;
  std::map<std::string, MethodSpec> methods_;
  util::RateLimiter method_limiter_;
  metrics::Counter& rate_limited_;
  metrics::Counter& unexpected_errors_;
  metrics::Counter& subscriptions_refused_;
  metrics::Gauge& sessions_;
  StreamHub streams_;
  LoginRegistry logins_;  // which session uses which token (token revocation)
};

// Registers every DDP method parley serves (methods.cpp holds the table).
void register_methods(Service& service);

}  // namespace parley::ddp
