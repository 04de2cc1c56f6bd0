// Wiring only: builds the object graph from the config, runs it, tears it down in reverse.
#include "app/serve.hpp"

#include <signal.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <thread>

#include "app/application.hpp"
#include "app/method_invoker.hpp"
#include "app/upload_wiring.hpp"
#include "blob/fs_blob_store.hpp"
#include "bus/local_bus.hpp"
#include "bus/queued_bus.hpp"
#include "chat/accounts.hpp"
#include "chat/avatars.hpp"
#include "chat/badge_updates.hpp"
#include "chat/discussions.hpp"
#include "chat/events.hpp"
#include "chat/file_access.hpp"
#include "chat/membership_cache.hpp"
#include "chat/messages.hpp"
#include "chat/permission_cache.hpp"
#include "chat/presence.hpp"
#include "chat/roles_admin.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "chat/statistics.hpp"
#include "chat/teams.hpp"
#include "chat/uploads.hpp"
#include "chat/user_admin.hpp"
#include "ddp/service.hpp"
#include "metrics/registry.hpp"
#include "net/server.hpp"
#include "net/static_files.hpp"
#include "rest/client_ip.hpp"
#include "rest/rate_limit.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"
#include "util/ids.hpp"
#include "util/worker_pool.hpp"

namespace parley::app {
namespace {

chat::AccountsOptions accounts_options(const config::Config& c, const chat::Settings& s) {
  chat::AccountsOptions o;
  o.hash_cost = {c.argon2_ops, c.argon2_mem_bytes};
  o.token_ttl_ms = s.integer("Accounts_LoginExpiration") * 24 * 3600 * 1000;
  o.registration_open = s.string("Accounts_RegistrationForm") == "Public";
  o.login_limits = {
      s.boolean("Block_Multiple_Failed_Logins_Enabled"),
      s.boolean("Block_Multiple_Failed_Logins_By_User"),
      s.boolean("Block_Multiple_Failed_Logins_By_Ip"),
      static_cast<int>(s.integer("Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User")),
      s.integer("Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes") * 60'000,
      static_cast<int>(s.integer("Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip")),
      s.integer("Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes") * 60'000};
  return o;
}

int64_t idle_after_ms(const chat::Settings& s) {
  return s.integer("Accounts_Default_User_Preferences_idleTimeLimit") * 1000;
}

chat::MessageLimits message_limits(const chat::Settings& s) {
  return {static_cast<std::size_t>(s.integer("Message_MaxAllowedSize")),
          s.boolean("Threads_enabled")};
}

// The process environment, with ROOT_URL as Site_Url's default (as Rocket.Chat seeds it).
chat::Settings::EnvLookup settings_env(const config::Config& c) {
  return [env = config::process_env(), root_url = c.effective_root_url()](
             const std::string& name) -> std::optional<std::string> {
    if (auto v = env(name)) return v;
    if (name == "Site_Url") return root_url;
    return std::nullopt;
  };
}

// One {model, speed} per CPU, as Node's os.cpus() lists them (times are left out), read
// from /proc/cpuinfo; entries without a model when it cannot be read.
boost::json::array cpu_list() {
  boost::json::array cpus;
  std::ifstream info("/proc/cpuinfo");
  std::string line;
  std::string model;
  while (std::getline(info, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (key == "model name") model = value;
    if (key == "cpu MHz") {
      double mhz = 0;
      try {
        mhz = std::stod(value);
      } catch (const std::exception&) {
      }
      cpus.push_back(boost::json::object{{"model", model}, {"speed", static_cast<int64_t>(mhz)}});
    }
  }
  const auto n = std::thread::hardware_concurrency();
  while (cpus.size() < n) cpus.push_back(boost::json::object{{"model", model}, {"speed", 0}});
  return cpus;
}

// Fields of the statistics object that describe this process and machine.
boost::json::object runtime_fields(int64_t started_at_ms, const util::Clock& clock) {
  namespace json = boost::json;
  json::object os;
  utsname u{};
  if (uname(&u) == 0) {
    os["type"] = u.sysname;
    os["platform"] = "linux";
    os["arch"] = u.machine;
    os["release"] = u.release;
  }
  struct sysinfo si {};
  if (sysinfo(&si) == 0) {
    os["uptime"] = static_cast<int64_t>(si.uptime);
    const double scale = 1.0 / (1 << SI_LOAD_SHIFT);
    os["loadavg"] = json::array{si.loads[0] * scale, si.loads[1] * scale, si.loads[2] * scale};
    os["totalmem"] = static_cast<int64_t>(si.totalram) * si.mem_unit;
    os["freemem"] = static_cast<int64_t>(si.freeram) * si.mem_unit;
  }
  // Node's os.cpus(): one entry per CPU, which RC's admin page counts.
  os["cpus"] = cpu_list();
  const int64_t uptime_s = (clock.now_ms() - started_at_ms) / 1000;
  return {{"version", PARLEY_VERSION},
          {"os", std::move(os)},
          {"process", json::object{{"pid", static_cast<int64_t>(getpid())}, {"uptime", uptime_s}}},
          {"deploy", json::object{{"method", "parley"}, {"platform", "selfinstall"}}},
          // One until instances share a bus (the scale-out issue) and can count each other.
          {"instanceCount", 1}};
}

// What room names may be (chat/room_names.hpp).
chat::RoomNameRules room_name_rules(const chat::Settings& s) {
  return {s.boolean("UI_Allow_room_names_with_special_chars"),
          s.string("UTF8_Channel_Names_Validation"),
          s.string("Accounts_SystemBlockedUsernameList")};
}

// The REST limiter's numbers, read live from the settings on every limited request.
rest::RateLimitSettings rest_rate_limits(const chat::Settings& s) {
  return {s.boolean("API_Enable_Rate_Limiter"),
          static_cast<int>(s.integer("API_Enable_Rate_Limiter_Limit_Calls_Default")),
          s.integer("API_Enable_Rate_Limiter_Limit_Time_Default"),
          static_cast<int>(s.integer("Rate_Limiter_Limit_RegisterUser"))};
}

// Waits for SIGTERM/SIGINT on a dedicated thread (the signals are blocked everywhere else), and
// does hourly housekeeping in the same loop so no other thread is needed.
class Supervisor {
 public:
  // `sweep_uploads` runs every `sweep_every_ms`: the expiry of unconfirmed uploads.
  Supervisor(net::Server& server, Application& app, store::Store& store, blob::BlobStore& blobs,
             chat::Presence& presence, chat::Statistics& statistics, const util::Clock& clock,
             metrics::Registry& metrics, std::function<void()> sweep_uploads,
             int64_t sweep_every_ms, std::function<void()> every_tick)
      : sweep_uploads_(std::move(sweep_uploads)),
        every_tick_(std::move(every_tick)),
        sweep_every_ms_(sweep_every_ms),
        presence_gauges_{
            metrics.gauge("parley_presence_users", "Users by status, as this instance publishes",
                          {{"status", "online"}}),
            metrics.gauge("parley_presence_users", "Users by status, as this instance publishes",
                          {{"status", "away"}}),
            metrics.gauge("parley_presence_users", "Users by status, as this instance publishes",
                          {{"status", "busy"}}),
            metrics.gauge("parley_connected_users",
                          "Users with at least one logged-in DDP connection here")},
        thread_([this, &server, &app, &store, &blobs, &presence, &statistics, &clock] {
          run(server, app, store, blobs, presence, statistics, clock);
        }) {}
  ~Supervisor() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run(net::Server& server, Application& app, store::Store& store, blob::BlobStore& blobs,
           chat::Presence& presence, chat::Statistics& statistics, const util::Clock& clock) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int64_t next_housekeeping = clock.now_ms();
    int64_t next_upload_sweep = clock.now_ms();
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
      try {
        if (every_tick_) every_tick_();
      } catch (const std::exception& e) {
        spdlog::warn("tick job failed: {}", e.what());
      }
      if (sweep_uploads_ && clock.now_ms() >= next_upload_sweep) {
        next_upload_sweep = clock.now_ms() + sweep_every_ms_;
        try {
          sweep_uploads_();
        } catch (const std::exception& e) {
          spdlog::warn("expiring unconfirmed uploads failed: {}", e.what());
        }
      }
      if (clock.now_ms() >= next_housekeeping) {
        next_housekeeping = clock.now_ms() + 3'600'000;
        try {
          int64_t removed = store.remove_expired_tokens(clock.now_ms());
          if (removed > 0) spdlog::info("removed {} expired login tokens", removed);
          // Blobs whose writer died (a crash mid-upload). Only those older than an hour: in a
          // rolling deploy the previous process may still be writing into the same directory.
          if (std::size_t swept = blobs.sweep_temporaries(3600); swept > 0) {
            spdlog::info("removed {} unfinished blob writes", swept);
          }
          // A statistics snapshot a day, as Rocket.Chat's cron keeps its history.
          if (clock.now_ms() - statistics.newest_at() >= 24 * 3'600'000) statistics.generate();
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
  std::function<void()> sweep_uploads_;
  std::function<void()> every_tick_;  // after each presence flush (badges)
  int64_t sweep_every_ms_;
  PresenceGauges presence_gauges_;  // before thread_: the thread uses them
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Rocket.Chat's first start (server/startup/initialData): #general as a default channel, the
// rocket.cat bot, and the operator's admin, when created now, in every default channel without
// a join message. Each step is idempotent, so every start runs them.
void bootstrap_team(store::Store& store, chat::Accounts& accounts, chat::Rooms& rooms,
                    const config::Config& config) {
  auto general = rooms.ensure_general();
  if (!general) {
    spdlog::error("#general: {}", general.error().message());
  } else if (*general) {
    spdlog::info("#general: created ({})", chat::kGeneralRoomId);
  } else if (!store.room_by_id(chat::kGeneralRoomId)) {
    spdlog::warn("#general: a room named general exists; {} not created", chat::kGeneralRoomId);
  }
  auto cat = accounts.ensure_rocket_cat();
  if (!cat) {
    spdlog::error("rocket.cat: {}", cat.error().message());
  } else if (*cat) {
    spdlog::info("rocket.cat: created");
  }
  store::UserRecord admin;
  spdlog::info("admin bootstrap: {}",
               accounts.bootstrap_admin(config.admin_username, config.admin_pass,
                                        config.admin_email, &admin));
  if (!admin.id.empty()) rooms.join_default_channels(admin, true);
}

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

  const int64_t started_at = clock.now_ms();
  bus::LocalBus local_bus;
  // chat/ publishes a room's message events from the store writer's after-commit hooks, in
  // commit order; delivering them (the stream hub's routing) happens on this bus's own
  // thread, in that order, so it never delays a commit.
  bus::QueuedBus bus(local_bus);
  // Token revocations go straight to the local bus: sessions end before the call returns.
  chat::Events events(bus, &local_bus);
  chat::Settings settings(store, events, clock, settings_env(config));
  if (settings.string("uniqueID").empty())
    settings.set("uniqueID", boost::json::value(util::random_id()));

  // Permissions and roles are data in the store; every check reads the process's cache, which
  // follows changes made on any instance over the bus (chat/permission_cache.hpp).
  chat::permission_cache().load(store);
  chat::RolesAdmin roles_admin(store, events, chat::permission_cache());
  roles_admin.listen();
  chat::Accounts accounts(store, clock, accounts_options(config, settings), &events);
  chat::MembershipCache members(store);
  chat::RoomAccess access(store, members);
  chat::Messages messages(store, clock, access, events, message_limits(settings));
  chat::Rooms rooms(store, clock, access, messages, events);
  // Discussions hook into messages and rooms (dcount/dlm, cascades) from here on.
  chat::Discussions discussions(store, access, rooms, messages, events, settings);
  bootstrap_team(store, accounts, rooms, config);
  // Teams follow their main rooms' memberships (chat/teams.hpp).
  chat::Teams teams(store, clock, access, rooms, messages);
  rooms.observe(&teams);
  chat::UserAdmin user_admin(store, clock, accounts, events, &members);
  chat::Presence presence(store, events, clock,
                          {config.presence_offline_grace.count(), idle_after_ms(settings)});
  presence.adopt_stored_statuses();
  presence.set_broadcast(!settings.boolean("Presence_broadcast_disabled"));
  // Unread badges of big rooms, sent to online members once per supervisor tick.
  chat::BadgeUpdates badges(store, events, members, clock,
                            [&presence] { return presence.connected_user_ids(); });
  badges.follow(messages);
  chat::Statistics statistics(store, presence, settings, clock,
                              [started_at, &clock] { return runtime_fields(started_at, clock); });
  // Messages received, by room type (c, p, d, l): the label set is fixed and small.
  std::map<std::string, metrics::Counter*, std::less<>> received;
  for (const char* type : {"c", "p", "d", "l"}) {
    received[type] =
        &metrics.counter("parley_messages_received_total", "Messages users sent that were stored",
                         {{"room_type", type}});
  }
  messages.on_sent([received](std::string_view room_type) {
    if (auto it = received.find(room_type); it != received.end()) it->second->inc();
  });
  // Accounts and messages follow the settings as an admin changes them.
  rooms.set_name_rules(room_name_rules(settings));
  settings.on_change([&](const chat::Settings& s) {
    rooms.set_name_rules(room_name_rules(s));
    accounts.update_options(accounts_options(config, s));
    messages.set_limits(message_limits(s));
    presence.set_idle_after_ms(idle_after_ms(s));
    presence.set_broadcast(!s.boolean("Presence_broadcast_disabled"));
  });

  // File contents and avatars (src/blob), under the data directory. The supervisor's
  // housekeeping removes temporaries that crashed writers left.
  blob::FsBlobStore blobs(std::filesystem::path(config.data_dir) / "blobs");
  chat::Avatars avatars(store, blobs, events, settings, clock);
  user_admin.on_deleted(
      [&avatars](const store::UserRecord& gone) { avatars.forget_deleted(gone); });

  util::WorkerPool workers(config.workers);
  ddp::Service ddp(ddp::Domain{accounts, rooms, messages, access, events, presence, store,
                               &settings, &avatars, &discussions, &user_admin},
                   config, workers, metrics, clock);
  ddp::register_methods(ddp);
  DdpMethodInvoker method_invoker(ddp);
  rest::RestRateLimiter rest_limiter([&settings] { return rest_rate_limits(settings); }, clock,
                                     metrics);
  rest::Router router(accounts, metrics, {&rest_limiter, config.http_forwarded_count});
  rest::Services services{accounts, config,          settings,  rooms,       messages,   store,
                          clock,    &method_invoker, &presence, &statistics, &user_admin};
  services.avatars = &avatars;
  chat::FileAccess file_access(accounts, settings, access, store);
  services.file_access = &file_access;
  services.blobs = &blobs;
  services.workers = &workers;
  // Uploads: their own small pool (the bytes of a slow upload never hold a general worker)
  // and caps on uploads in progress (rest/upload_caps.hpp).
  chat::Uploads uploads(store, blobs, access, messages, settings, clock, upload_image_tools(),
                        upload_metrics(metrics));
  // An erased room's files go with it (RC's deleteRoom).
  rooms.on_erased(
      [&uploads](const store::RoomRecord& room) { uploads.remove_room_files(room.id); });
  util::WorkerPool upload_pool(config.upload_workers);
  rest::UploadCaps upload_caps(config.uploads_max, config.uploads_max_per_user);
  services.uploads = &uploads;
  services.upload_pool = &upload_pool;
  services.upload_caps = &upload_caps;
  services.roles_admin = &roles_admin;
  services.discussions = &discussions;
  services.teams = &teams;
  const rest::InstanceInfo instance{util::random_id(), started_at, [started_at, &clock] {
                                      return runtime_fields(started_at, clock).at("os").as_object();
                                    }};
  services.instance = &instance;
  chat::UserProfiles profiles(store, settings, accounts, events, clock, &presence);
  services.profiles = &profiles;
  chat::PersonalAccessTokens personal_tokens(store, clock, &events);
  services.personal_tokens = &personal_tokens;
  rest::register_routes(router, services);
  std::optional<net::StaticFiles> web;
  if (!config.web_root.empty()) {
    web.emplace(config.web_root);  // throws, stopping the start, when it is no built client
    spdlog::info("serving the web client from {}", web->root().string());
  }
  Application app(router, ddp, workers, store, metrics, config.http_forwarded_count,
                  web ? &*web : nullptr);

  net::ServerOptions options;
  options.address = config.bind_address;
  options.port = config.port;
  options.threads = config.event_loops;
  options.body_limit = config.body_limit;
  options.max_connections_per_ip = config.max_connections_per_ip;
  if (config.http_forwarded_count > 0) {
    // Behind proxies the socket's address is a proxy's: count the client they name instead.
    options.client_address = [count = config.http_forwarded_count](const net::HttpRequest& r) {
      return rest::client_ip(r, count);
    };
  }
  options.tick_interval = config.tick_interval;
  options.shutdown_grace = config.shutdown_grace;
  options.body_read_timeout = config.body_read_timeout;
  net::Server server(options, app, metrics);
  server.listen();
  spdlog::info("listening on {}:{} ({}), data in {}", config.bind_address, server.port(),
               config.effective_root_url(), config.data_dir);
  {
    const int64_t ttl_ms = config.upload_unconfirmed_ttl.count();
    Supervisor supervisor(
        server, app, store, blobs, presence, statistics, clock, metrics,
        [&uploads, ttl_ms] {
          if (std::size_t n = uploads.expire_unconfirmed(ttl_ms); n > 0) {
            spdlog::info("removed {} unconfirmed uploads", n);
          }
        },
        std::clamp<int64_t>(ttl_ms / 2, 200, 600'000), [&badges] { badges.flush(); });
    server.run();
  }
  upload_pool.stop();
  workers.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace parley::app
