// parley's command line: `parley [serve] [flags]`, `parley seed [flags]`, `parley load [flags]`,
// `parley version`, `parley settings-doc`.
// Flags override the environment, which overrides the defaults (config/config.hpp).
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "app/load_command.hpp"
#include "app/seed_command.hpp"
#include "app/serve.hpp"
#include "chat/settings.hpp"
#include "chat/settings_doc.hpp"
#include "config/config.hpp"
#include "util/log.hpp"

namespace {

constexpr const char* kEnvironmentHelp = R"(
Environment (flags win over these):
  PORT, BIND_IP, ROOT_URL              where to listen and the public URL (default port 3000)
  PARLEY_DATA_DIR                      data directory (default ./data)
  PARLEY_WEB_ROOT                      the built web client to serve at / (web/dist)
  ADMIN_USERNAME, ADMIN_PASS, ADMIN_EMAIL
                                       admin created on first start when no admin exists
  PARLEY_LOG_FORMAT=human|json, PARLEY_LOG_LEVEL=trace|debug|info|warn|error
  PARLEY_EVENT_LOOPS, PARLEY_WORKERS   event-loop threads (0 = one per core), worker threads
  PARLEY_BODY_LIMIT                    largest request body in bytes (default 8388608)
  PARLEY_MAX_CONNECTIONS_PER_IP        open connections per client address (default 5000,
                                       0 = no cap); behind proxies, per forwarded address
  PARLEY_SHUTDOWN_GRACE_MS             drain time on SIGTERM (default 10000)
  PARLEY_DDP_PING_AFTER_MS, PARLEY_DDP_TIMEOUT_MS, PARLEY_TICK_SECONDS
                                       DDP heartbeat: ping after idle, close after no answer
  PARLEY_DDP_MAX_SUBSCRIPTIONS         open subscriptions per DDP connection (default 500)
  PARLEY_ARGON2_OPS, PARLEY_ARGON2_MEM_KB
                                       password hashing cost (default 2 passes, 19456 KiB)
  <id>                                 a Rocket.Chat setting's default (Site_Name,
                                       Accounts_RegistrationForm, API_Enable_Rate_Limiter, ...;
                                       GET /api/v1/settings lists them); a stored choice wins
  OVERWRITE_SETTING_<id>               a Rocket.Chat setting's value, at every start
)";

}  // namespace

int main(int argc, char** argv) {
  parley::config::Config config;
  try {
    parley::config::apply_env(config, parley::config::process_env());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parley: %s\n", e.what());
    return 2;
  }

  CLI::App cli{"parley: a team-chat server that speaks Rocket.Chat's REST and DDP protocols"};
  cli.footer(kEnvironmentHelp);
  cli.require_subcommand(0, 1);
  std::string log_format = config.log_json ? "json" : "human";

  CLI::App* serve = cli.add_subcommand("serve", "Run the server (the default)");
  for (CLI::App* app : {&cli, serve}) {
    app->add_option("--port", config.port, "TCP port to listen on")->capture_default_str();
    app->add_option("--bind", config.bind_address, "Address to bind")->capture_default_str();
    app->add_option("--data-dir", config.data_dir, "Where the database and files live")
        ->capture_default_str();
    app->add_option("--root-url", config.root_url, "Public URL of this server");
    app->add_option("--web-root", config.web_root,
                    "Built web client to serve at / (web/dist); none: / says this is the API");
    app->add_option("--event-loops", config.event_loops, "Event-loop threads (0 = per core)")
        ->capture_default_str();
    app->add_option("--workers", config.workers, "Worker threads for blocking work")
        ->capture_default_str();
    app->add_option("--body-limit", config.body_limit, "Largest request body in bytes")
        ->capture_default_str();
    app->add_option("--max-connections-per-ip", config.max_connections_per_ip,
                    "Open connections per client address (0 = no cap)")
        ->capture_default_str();
    app->add_option("--log-format", log_format, "human or json")
        ->check(CLI::IsMember({"human", "json"}));
    app->add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
        ->capture_default_str();
  }
  parley::seed::SeedOptions seed_options;
  CLI::App* seed = cli.add_subcommand(
      "seed", "Fill a new data directory with the workload's dataset (docs/workload.md)");
  seed->add_option("--scale", seed_options.scale, "Multiplies every count; 1 = 7,116 users")
      ->capture_default_str();
  seed->add_option("--seed", seed_options.seed, "Random seed: the same seed, the same data")
      ->capture_default_str();
  seed->add_option("--data-dir", config.data_dir, "Where the database lives (must be new)")
      ->capture_default_str();
  seed->add_option("--password", seed_options.password, "Every seeded user's password")
      ->capture_default_str();
  seed->add_option("--tokens", seed_options.tokens_path,
                   "Write username, userId and a resume token per active user to this file");
  seed->add_option("--batch-rows", seed_options.batch_rows, "Rows per transaction")
      ->capture_default_str()
      ->check(CLI::Range(100, 1000000));
  parley::app::LoadCommand load_command;
  parley::app::add_load_command(cli, load_command);
  bool show_version = false;
  cli.add_subcommand("version", "Print the version and exit")->callback([&] {
    show_version = true;
  });

  bool show_settings_doc = false;
  cli.add_subcommand("settings-doc",
                     "Print docs/settings.md: every Rocket.Chat setting, and which parley honours")
      ->callback([&] { show_settings_doc = true; });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (show_version) {
    std::printf("parley %s\n", PARLEY_VERSION);
    return 0;
  }
  if (show_settings_doc) {
    std::fputs(parley::chat::settings_markdown(parley::chat::setting_definitions()).c_str(),
               stdout);
    return 0;
  }
  // The load generator is a client: no server logging, no libsodium.
  if (load_command.app->parsed()) return parley::app::run_load_command(load_command, argc, argv);
  config.log_json = log_format == "json";

  parley::util::init_logging(
      config.log_json ? parley::util::LogFormat::kJson : parley::util::LogFormat::kHuman,
      config.log_level);
  if (sodium_init() < 0) {
    spdlog::critical("libsodium failed to initialise");
    return 1;
  }
  if (seed->parsed()) return parley::app::run_seed_command(config, seed_options);
  try {
    return parley::app::serve(config);
  } catch (const std::exception& e) {
    // Start-up failures (port in use, unreadable or too-new database) end here, clearly.
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
