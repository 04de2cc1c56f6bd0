#include "app/load_command.hpp"

#include <cstdio>

#include "load/load_run.hpp"

namespace parley::app {

void add_load_command(CLI::App& cli, LoadCommand& command) {
  load::LoadOptions& o = command.options;
  CLI::App* app = cli.add_subcommand(
      "load", "Drive a Rocket.Chat-compatible server with the workload's clients (docs/load.md)");
  command.app = app;
  app->add_option("--url", o.url, "The server (http:// or ws://; /websocket is added)")
      ->capture_default_str();
  app->add_option("--profile", o.profile, "seed (1,000 clients) or x10 (10,000)")
      ->check(CLI::IsMember({"seed", "x10"}))
      ->capture_default_str();
  app->add_option("--clients", o.clients, "Total clients, in the profile's kind mix");
  app->add_option("--web", o.kinds[0], "RC 7 web clients (explicit counts replace the mix)");
  app->add_option("--sdk", o.kinds[1], "npm SDK bots (__my_messages__)");
  app->add_option("--legacy", o.kinds[2], "Older clients (a stream per room + user-status)");
  app->add_option("--bot", o.kinds[3], "Bots with a stream per room");
  app->add_option("--kinds", command.kinds, "Counts as web=N,sdk=N,legacy=N,bot=N");
  app->add_option("--duration", o.duration_s, "Seconds of activity measured")
      ->capture_default_str();
  app->add_option("--rate", o.rate,
                  "Messages per second, all clients together (default: 1 per "
                  "30 s per active client)");
  app->add_option("--active", o.active_fraction, "Share of clients that chat")
      ->capture_default_str();
  app->add_option("--open-every", o.open_every_s,
                  "Mean seconds between room opens per active client (0 = none)")
      ->capture_default_str();
  app->add_option("--presence-every", o.presence_every_s,
                  "Mean seconds between presence changes per client (0 = none)")
      ->capture_default_str();
  app->add_option("--json", o.json_path, "Also write the report as JSON to this file");
  app->add_flag("--storm", o.storm, "Once, every client drops and reconnects (resume token)");
  app->add_option("--storm-at", o.storm_at_s, "Seconds into the run (default: the middle)");
  app->add_option("--storm-spread", o.storm_spread_s, "Reconnects spread over this many seconds")
      ->capture_default_str();
  app->add_option("--tokens", o.tokens_path,
                  "username<TAB>userId<TAB>token lines (parley seed --tokens)");
  app->add_option("--login", o.login, "auto, resume (needs --tokens) or password")
      ->check(CLI::IsMember({"auto", "resume", "password"}))
      ->capture_default_str();
  app->add_option("--password", o.password, "Password for password logins")->capture_default_str();
  app->add_option("--users", o.users, "Without --tokens: log in as user1..userN (0 = per client)");
  app->add_option("--threads", o.threads, "I/O threads (0 = one per core)")->capture_default_str();
  app->add_option("--connect-rate", o.connect_rate, "New connections per second in the ramp")
      ->capture_default_str();
  app->add_option("--connect-timeout", o.connect_timeout_s,
                  "Seconds the ramp waits for every client to be ready")
      ->capture_default_str();
  app->add_option("--drain", o.drain_s, "Seconds to wait for copies in flight after the run")
      ->capture_default_str();
  app->add_option("--max-room-streams", o.max_room_streams,
                  "legacy/bot: room streams per connection (parley allows 500 subscriptions)")
      ->capture_default_str();
  app->add_option("--server-pid", o.server_pid,
                  "A local server's pid: report its CPU, peak RSS and open fds");
  app->add_option("--label", o.label, "Free text for the report (the commit under test)");
  app->add_option("--write-rooms", o.write_rooms_path,
                  "Write userId, roomId, type per room learned (bench/floor_server --rooms)");
  app->add_option("--seed", o.seed, "Random seed")->capture_default_str();
  app->add_flag("--quiet", o.quiet, "No progress lines on stderr");
}

int run_load_command(LoadCommand& command, int argc, char** argv) {
  load::LoadOptions& o = command.options;
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += argv[i];
  }
  o.command_line = line;
  // --kinds web=8000,sdk=1000,... as an alternative to the per-kind flags.
  std::string_view rest = command.kinds;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto eq = item.find('=');
    const auto kind = load::kind_from_name(item.substr(0, eq));
    int count = -1;
    if (eq != std::string_view::npos) {
      try {
        count = std::stoi(std::string(item.substr(eq + 1)));
      } catch (const std::exception&) {
        count = -1;
      }
    }
    if (!kind || count < 0) {
      std::fprintf(stderr, "parley load: --kinds wants web=N,sdk=N,legacy=N,bot=N, not \"%.*s\"\n",
                   static_cast<int>(item.size()), item.data());
      return 1;
    }
    o.kinds[static_cast<std::size_t>(*kind)] = count;
  }
  return load::run_load(o);
}

}  // namespace parley::app
