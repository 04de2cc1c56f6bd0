// Wiring only: builds the object graph from the config, runs it, tears it down in reverse.
#include "app/serve.hpp"

#include <signal.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "app/application.hpp"
#include "app/method_invoker.hpp"
#include "bus/local_bus.hpp"
#include "chat/accounts.hpp"
#include "chat/events.hpp"
#include "chat/membership_cache.hpp"
#include "chat/messages.hpp"
#include "chat/presence.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "ddp/service.hpp"
#include "metrics/registry.hpp"
#include "net/server.hpp"
#include "rest/rate_limit.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"
#include "util/worker_pool.hpp"

namespace parley::app {
namespace {

chat::AccountsOptions accounts_options(const config::Config& c) {
  chat::AccountsOptions o;
  o.hash_cost = {c.argon2_ops, c.argon2_mem_bytes};
  o.token_ttl_ms = int64_t{c.settings.login_expiration_days} * 24 * 3600 * 1000;
  o.registration_open = c.settings.registration_form == "Public";
  const auto& s = c.settings;
  o.login_limits = {s.block_failed_logins,
                    s.block_by_user,
                    s.block_by_ip,
                    s.block_user_attempts,
                    int64_t{s.block_user_minutes} * 60'000,
                    s.block_ip_attempts,
                    int64_t{s.block_ip_minutes} * 60'000};
  return o;
}

// The REST limiter's numbers. A function, not a copy, so that the settings store can later
// answer with live values; today they are the start-up config's.
rest::RateLimitSettings rest_rate_limits(const config::Settings& s) {
  return {s.api_rate_limiter, s.api_rate_limit_calls, s.api_rate_limit_time_ms,
          s.rate_limit_register_user};
}

// Waits for SIGTERM/SIGINT on a dedicated thread (the signals are blocked everywhere else), and
// does hourly housekeeping in the same loop so no other thread is needed.
class Supervisor {
 public:
  Supervisor(net::Server& server, Application& app, store::Store& store, chat::Presence& presence,
             const util::Clock& clock, metrics::Registry& metrics)
      : presence_gauges_{metrics.gauge("parley_presence_users",
                                       "Users by status, as this instance publishes",
                                       {{"status", "online"}}),
                         metrics.gauge("parley_presence_users",
                                       "Users by status, as this instance publishes",
                                       {{"status", "away"}}),
                         metrics.gauge("parley_presence_users",
                                       "Users by status, as this instance publishes",
                                       {{"status", "busy"}}),
                         metrics.gauge("parley_connected_users",
                                       "Users with at least one logged-in DDP connection here")},
        thread_([this, &server, &app, &store, &presence, &clock] {
          run(server, app, store, presence, clock);
        }) {}
  ~Supervisor() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run(net::Server& server, Application& app, store::Store& store, chat::Presence& presence,
           const util::Clock& clock) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int64_t next_housekeeping = clock.now_ms();
    while (!stop_) {
      timespec wait{0, 200'000'000};
      int sig = sigtimedwait(&set, nullptr, &wait);
      if (sig == SIGTERM || sig == SIGINT) {
        spdlog::info("received {}; draining", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        app.set_draining();
        server.begin_shutdown();
      }
      // Presence changes are published in batches (chat/presence.hpp): every tick, about
      // 200 ms, so a flap inside one tick costs nothing.
      try {
        presence.flush();
        const auto counts = presence.counts();
        presence_gauges_.online.set(counts.online);
        presence_gauges_.away.set(counts.away);
        presence_gauges_.busy.set(counts.busy);
        presence_gauges_.connected_users.set(counts.connected_users);
      } catch (const std::exception& e) {
        spdlog::warn("presence flush failed: {}", e.what());
      }
      if (clock.now_ms() >= next_housekeeping) {
        next_housekeeping = clock.now_ms() + 3'600'000;
        try {
          int64_t removed = store.remove_expired_tokens(clock.now_ms());
          if (removed > 0) spdlog::info("removed {} expired login tokens", removed);
        } catch (const std::exception& e) {
          spdlog::warn("housekeeping failed: {}", e.what());
        }
      }
    }
  }

  struct PresenceGauges {
    metrics::Gauge& online;
    metrics::Gauge& away;
    metrics::Gauge& busy;
    metrics::Gauge& connected_users;
  };
  PresenceGauges presence_gauges_;  // before thread_: the thread uses them
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

int serve(const config::Config& config) {
  // Block the shutdown signals in every thread created from here on; Supervisor takes them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  uint64_t fd_limit = net::raise_fd_limit();
  spdlog::info("parley {} starting; file descriptor limit {}", PARLEY_VERSION, fd_limit);

  std::filesystem::create_directories(config.data_dir);
  util::SystemClock clock;
  metrics::Registry metrics;

  store::SqliteOptions store_options;
  store_options.path = (std::filesystem::path(config.data_dir) / "parley.sqlite").string();
  store::SqliteStore store(store_options, metrics);

  chat::Accounts accounts(store, clock, accounts_options(config));
  spdlog::info(
      "admin bootstrap: {}",
      accounts.bootstrap_admin(config.admin_username, config.admin_pass, config.admin_email));

  bus::LocalBus bus;
  chat::MembershipCache members(store);
  chat::RoomAccess access(store, members);
  chat::Events events(bus);
  chat::Messages messages(store, clock, access, events);
  chat::Rooms rooms(store, clock, access, messages, events);
  chat::Presence presence(store, events, clock, {config.presence_offline_grace.count()});

  util::WorkerPool workers(config.workers);
  ddp::Service ddp(ddp::Domain{accounts, rooms, messages, access, events, presence, store}, config,
                   workers, metrics, clock);
  ddp::register_methods(ddp);
  DdpMethodInvoker method_invoker(ddp);
  rest::RestRateLimiter rest_limiter([&config] { return rest_rate_limits(config.settings); }, clock,
                                     metrics);
  rest::Router router(accounts, metrics, {&rest_limiter, config.http_forwarded_count});
  rest::Services services{accounts, config, rooms,           messages,
                          store,    clock,  &method_invoker, &presence};
  rest::register_routes(router, services);
  Application app(router, ddp, workers, store, metrics, config.http_forwarded_count);

  net::ServerOptions options;
  options.address = config.bind_address;
  options.port = config.port;
  options.threads = config.event_loops;
  options.body_limit = config.body_limit;
  options.tick_interval = config.tick_interval;
  options.shutdown_grace = config.shutdown_grace;
  net::Server server(options, app, metrics);
  server.listen();
  spdlog::info("listening on {}:{} ({}), data in {}", config.bind_address, server.port(),
               config.effective_root_url(), config.data_dir);
  {
    Supervisor supervisor(server, app, store, presence, clock, metrics);
    server.run();
  }
  workers.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace parley::app
