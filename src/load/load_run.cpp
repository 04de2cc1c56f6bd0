// DESIGN: the run's schedule, on the calling thread; clients on N io threads.
//   ramp (connect at --connect-rate, wait until every client is ready or gave up)
//   -> window (activity on for --duration; the storm at --storm-at drops every client)
//   -> drain (activity off; wait up to --drain for copies still owed and sends unanswered)
//   -> tally (the ledger's totals) -> close -> report.
// The main thread also samples the server's /proc once a second for the peaks. Clients are
// only ever touched on their own io thread: the schedule posts commands to them.
#include "load/load_run.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "load/load_client.hpp"
#include "load/load_report.hpp"
#include "load/proc_stats.hpp"

namespace parley::load {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::vector<Credentials> read_tokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the tokens file " + path);
  std::vector<Credentials> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Credentials c;
    if (!std::getline(fields, c.username, '\t') || !std::getline(fields, c.user_id, '\t') ||
        !std::getline(fields, c.token, '\t')) {
      continue;
    }
    // The admin may do what users may not (send-many-messages): the load is ordinary users.
    if (c.username == "admin") continue;
    out.push_back(std::move(c));
  }
  if (out.empty()) throw std::runtime_error("no user lines in the tokens file " + path);
  return out;
}

json::object latency_ms(const Histogram& h) {
  auto ms = [](int64_t us) { return static_cast<double>(us) / 1000.0; };
  return {{"count", h.count()},
          {"p50", ms(h.quantile(0.50))},
          {"p95", ms(h.quantile(0.95))},
          {"p99", ms(h.quantile(0.99))},
          {"max", ms(h.max())}};
}

json::object tally_json(const KindTally& t) {
  return {{"expected", t.expected},
          {"delivered", t.delivered},
          {"lost", t.lost},
          {"excused", t.excused},
          {"superseded", t.superseded},
          {"duplicates", t.duplicates},
          {"latency_ms", latency_ms(t.latency)}};
}

double round3(double v) {
  return std::round(v * 1000) / 1000;
}

class Sleeper {
 public:
  // Sleeps ~100 ms and samples the server once a second.
  Sleeper(int pid) : pid_(pid) {}
  void tick() {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (pid_ > 0 && Clock::now() >= next_sample_) {
      next_sample_ = Clock::now() + std::chrono::seconds(1);
      const ProcessSample s = sample_process(pid_);
      if (s.ok) {
        peak_rss_kib = std::max(peak_rss_kib, s.rss_kib);
        peak_fds = std::max(peak_fds, s.open_fds);
      }
    }
  }
  int64_t peak_rss_kib = -1;
  int64_t peak_fds = -1;

 private:
  int pid_;
  Clock::time_point next_sample_{};
};

}  // namespace

int run_load(const LoadOptions& options) {
  ResolvedPlan plan;
  Target target;
  std::vector<Credentials> users;
  try {
    plan = resolve_plan(options);
    target = resolve_target(options.url);
    if (!options.tokens_path.empty()) {
      users = read_tokens(options.tokens_path);
      if (options.login == "password") {
        for (auto& u : users) u.token.clear();
      }
    } else {
      if (options.login == "resume") throw std::runtime_error("--login resume needs --tokens");
      const int n = options.users > 0 ? options.users : plan.total;
      for (int i = 1; i <= n; ++i) users.push_back({"user" + std::to_string(i), "", ""});
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parley load: %s\n", e.what());
    return 1;
  }
  auto say = [&](const char* fmt, auto... args) {
    if (options.quiet) return;
    std::fprintf(stderr, fmt, args...);
  };

  // Every client is a socket here and one more at the server (when it is local).
  const uint64_t fd_limit = raise_open_files_limit();
  if (fd_limit < static_cast<uint64_t>(plan.total) + 64) {
    std::fprintf(stderr,
                 "parley load: %d clients need %d open files, the limit is %llu: raise it "
                 "(ulimit -n %d, or LimitNOFILE) and run again\n",
                 plan.total, plan.total + 64, static_cast<unsigned long long>(fd_limit),
                 plan.total + 1024);
    return 1;
  }

  // Kinds in a shuffled order, so credentials, threads and the active share mix across kinds.
  std::vector<ClientKind> kinds;
  for (std::size_t k = 0; k < plan.kinds.size(); ++k) {
    kinds.insert(kinds.end(), static_cast<std::size_t>(plan.kinds[k]), static_cast<ClientKind>(k));
  }
  std::mt19937_64 rng(options.seed);
  std::shuffle(kinds.begin(), kinds.end(), rng);

  DeliveryLedger ledger(kinds.size());
  Audience audience(kinds, ledger);
  RunStats stats;
  RunContext run{options, target, ledger, audience, stats};
  run.send_rate_per_client = plan.active > 0 ? plan.rate / plan.active : 0;
  run.epoch_ns = steady_now_ns();

  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (unsigned i = 0; i < threads; ++i) {
    ios.push_back(std::make_unique<asio::io_context>(1));
    guards.push_back(asio::make_work_guard(*ios.back()));
  }
  std::vector<std::unique_ptr<LoadClient>> clients;
  for (uint32_t i = 0; i < kinds.size(); ++i) {
    clients.push_back(std::make_unique<LoadClient>(i, kinds[i], static_cast<int>(i) < plan.active,
                                                   users[i % users.size()], *ios[i % threads],
                                                   run));
  }
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back([&io = *ios[i]] { io.run(); });
  auto on_client = [&](uint32_t i, auto fn) {
    asio::post(*ios[i % threads], [c = clients[i].get(), fn] { fn(*c); });
  };

  const Machine machine = describe_machine();
  say("parley load: %d clients (web %d, sdk %d, legacy %d, bot %d; %d active) against %s, %u "
      "threads\n",
      plan.total, plan.kinds[0], plan.kinds[1], plan.kinds[2], plan.kinds[3], plan.active,
      options.url.c_str(), threads);

  // Ramp.
  Sleeper sleeper(options.server_pid);
  const auto ramp_start = Clock::now();
  const int64_t ramp_start_ns = steady_now_ns();
  const double per_connect_s = options.connect_rate > 0 ? 1.0 / options.connect_rate : 0;
  auto last_note = Clock::now();
  for (uint32_t i = 0; i < clients.size(); ++i) {
    on_client(i, [](LoadClient& c) { c.connect(); });
    const auto due = ramp_start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(per_connect_s * (i + 1)));
    std::this_thread::sleep_until(due);
  }
  const auto ramp_deadline =
      ramp_start + std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(options.connect_timeout_s));
  auto refused = [&] {
    return static_cast<int>(stats.errors[static_cast<std::size_t>(ErrorKind::kLogin)].load());
  };
  while (stats.ever_ready.load() + refused() < plan.total && Clock::now() < ramp_deadline) {
    sleeper.tick();
    if (Clock::now() - last_note > std::chrono::seconds(5)) {
      last_note = Clock::now();
      say("parley load: %d of %d clients ready\n", stats.ever_ready.load(), plan.total);
    }
  }
  int64_t last_ready_ns;
  {
    std::lock_guard lock(stats.mu);
    last_ready_ns = stats.last_ready_ns;
  }
  const double all_ready_s = last_ready_ns > 0 ? (last_ready_ns - ramp_start_ns) / 1e9 : -1;
  const int connected = stats.ever_ready.load();
  say("parley load: %d of %d clients ready in %.1f s; running for %.0f s\n", connected, plan.total,
      all_ready_s, options.duration_s);

  if (!options.write_rooms_path.empty()) {
    std::lock_guard lock(run.rooms_mu);
    std::set<std::string> unique(run.room_lines.begin(), run.room_lines.end());
    std::ofstream out(options.write_rooms_path);
    out << "# userId<TAB>roomId<TAB>type, as rooms/get answered during parley load\n";
    for (const auto& l : unique) out << l << '\n';
  }

  // Window.
  const ProcessSample server_start = sample_process(options.server_pid);
  const double cpu_start = own_cpu_seconds();
  const auto window_start = Clock::now();
  run.activity = true;
  for (uint32_t i = 0; i < clients.size(); ++i) {
    on_client(i, [](LoadClient& c) { c.start_activity(); });
  }
  const auto window_end = window_start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(options.duration_s));
  const double storm_at = options.storm_at_s >= 0 ? options.storm_at_s : options.duration_s / 2;
  const auto storm_time = window_start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(storm_at));
  bool stormed = false;
  int storm_dropped = 0;
  while (Clock::now() < window_end) {
    sleeper.tick();
    if (options.storm && !stormed && Clock::now() >= storm_time) {
      stormed = true;
      storm_dropped = static_cast<int>(clients.size());
      run.storm_ns = steady_now_ns();
      // "During the storm": messages sent from the drop until the reconnects' spread plus the
      // presence grace (5 s) is over, when the statuses of those who came back late settle.
      ledger.set_storm_window(
          run.storm_ns, run.storm_ns + static_cast<int64_t>((options.storm_spread_s + 5) * 1e9));
      say("parley load: storm: every client drops and reconnects within %.0f s\n",
          options.storm_spread_s);
      std::uniform_int_distribution<int> spread(
          0, std::max(0, static_cast<int>(options.storm_spread_s * 1000) - 1));
      for (uint32_t i = 0; i < clients.size(); ++i) {
        const auto delay = std::chrono::milliseconds(spread(rng));
        on_client(i, [delay](LoadClient& c) { c.storm(delay); });
      }
    }
  }
  run.activity = false;
  for (uint32_t i = 0; i < clients.size(); ++i) {
    on_client(i, [](LoadClient& c) { c.stop_activity(); });
  }
  // Drain.
  const auto drain_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(options.drain_s));
  while (Clock::now() < drain_end && (ledger.awaited() > 0 || stats.calls_outstanding.load() > 0)) {
    sleeper.tick();
  }
  const double window_s = std::chrono::duration<double>(Clock::now() - window_start).count();
  const double generator_cpu = own_cpu_seconds() - cpu_start;
  const ProcessSample server_end = sample_process(options.server_pid);
  const LedgerTally tally = ledger.tally();

  // Close.
  std::vector<int> ever_ready_by_kind(kKindCount, 0);
  for (uint32_t i = 0; i < clients.size(); ++i) {
    on_client(i, [](LoadClient& c) { c.close(); });
  }
  for (auto& g : guards) g.reset();
  for (auto& t : pool) t.join();
  for (const auto& c : clients) {
    if (c->ever_ready()) ++ever_ready_by_kind[static_cast<std::size_t>(c->kind())];
  }

  // Report.
  json::object report;
  report["command"] = options.command_line;
  report["label"] = options.label;
  report["url"] = options.url;
  report["profile"] = options.profile;
  report["machine"] = {
      {"cores", machine.cores}, {"cpu", machine.cpu_model}, {"kernel", machine.kernel}};
  report["duration_s"] = options.duration_s;
  report["window_s"] = round3(window_s);
  json::object by_kind_clients;
  for (std::size_t k = 0; k < kKindCount; ++k) {
    if (plan.kinds[k] == 0) continue;
    by_kind_clients[kKindNames[k]] = {{"requested", plan.kinds[k]},
                                      {"connected", ever_ready_by_kind[k]}};
  }
  report["clients"] = {{"requested", plan.total},
                       {"connected", connected},
                       {"active", plan.active},
                       {"distinct_users", std::min<std::size_t>(users.size(), clients.size())},
                       {"by_kind", by_kind_clients}};
  {
    std::lock_guard lock(stats.mu);
    json::object login = latency_ms(stats.login);
    login["all_ready_s"] = round3(all_ready_s);
    report["login_subscribe"] = login;
    report["history_ms"] = latency_ms(stats.history);
    json::object storm{{"enabled", options.storm}};
    if (options.storm) {
      storm["at_s"] = storm_at;
      storm["spread_s"] = options.storm_spread_s;
      storm["dropped"] = storm_dropped;
      storm["back"] = stats.storm_back;
      storm["all_back"] = stormed && stats.storm_back >= storm_dropped;
      storm["back_s"] = stats.storm_last_back_ns > 0
                            ? round3((stats.storm_last_back_ns - run.storm_ns.load()) / 1e9)
                            : -1.0;
      storm["login_subscribe_ms"] = latency_ms(stats.storm_login);
      storm["chat_latency_ms"] = latency_ms(tally.storm_latency);
    }
    report["storm"] = storm;
    json::array log;
    for (const auto& e : stats.error_log) log.push_back(json::string(e));
    report["error_samples"] = log;
  }
  report["messages"] = {
      {"offered_per_s", round3(plan.rate)},
      {"sent", stats.sends.load()},
      {"confirmed", tally.confirmed},
      {"failed", tally.failed},
      {"unconfirmed", tally.unconfirmed},
      {"achieved_per_s", round3(static_cast<double>(tally.confirmed) / options.duration_s)}};
  json::object copies = tally_json(tally.total);
  json::object copies_by_kind;
  for (std::size_t k = 0; k < kKindCount; ++k) {
    if (plan.kinds[k] > 0) copies_by_kind[kKindNames[k]] = tally_json(tally.by_kind[k]);
  }
  copies["by_kind"] = copies_by_kind;
  copies["self"] = tally.self_copies;
  copies["unexpected"] = tally.unexpected;
  copies["unknown"] = tally.unknown;
  copies["rooms_changed_other"] = tally.sidebar_other;
  report["copies"] = copies;
  report["uploads"] = {{"count", 0}, {"note", "not generated by parley load"}};
  json::object errors;
  for (std::size_t k = 0; k < kErrorKinds; ++k) errors[kErrorNames[k]] = stats.errors[k].load();
  errors["http_5xx"] = 0;  // parley load speaks DDP only: no HTTP requests to fail
  errors["total"] = stats.error_total();
  report["errors"] = errors;
  report["activity"] = {{"typing_calls", stats.typing_calls.load()},
                        {"room_opens", stats.room_opens.load()},
                        {"presence_changes", stats.presence_changes.load()}};
  report["frames"] = {{"total", stats.frames.load()},
                      {"bytes", stats.bytes.load()},
                      {"room_stream", stats.room_stream_frames.load()},
                      {"my_messages", stats.my_messages_frames.load()},
                      {"rooms_changed", stats.rooms_changed_frames.load()},
                      {"user_presence", stats.presence_frames.load()},
                      {"user_status", stats.user_status_frames.load()},
                      {"room_activity", stats.activity_frames.load()},
                      {"other_changed", stats.other_changed_frames.load()}};
  report["generator"] = {{"threads", threads},
                         {"cpu_s", round3(generator_cpu)},
                         {"cpu_s_total", round3(own_cpu_seconds())}};
  json::object server{{"pid", options.server_pid}};
  if (server_start.ok && server_end.ok) {
    const double cpu = server_end.cpu_s - server_start.cpu_s;
    server["cpu_s"] = round3(cpu);
    server["cpu_s_per_1000_copies"] =
        tally.total.delivered > 0
            ? std::round(cpu * 1e6 / static_cast<double>(tally.total.delivered) * 1e3) / 1e3 / 1e3
            : -1.0;
    server["peak_rss_mib"] =
        round3(static_cast<double>(std::max(sleeper.peak_rss_kib, server_end.rss_kib)) / 1024);
    server["hwm_rss_mib"] = round3(static_cast<double>(server_end.hwm_kib) / 1024);
    server["peak_fds"] = std::max(sleeper.peak_fds, server_end.open_fds);
  } else {
    server["note"] = "unknown: pass --server-pid for a local server";
  }
  report["server"] = server;

  const std::string text = render_report_text(report);
  std::fputs(text.c_str(), stdout);
  if (!options.json_path.empty()) {
    std::ofstream out(options.json_path);
    out << json::serialize(report) << '\n';
    if (!out) {
      std::fprintf(stderr, "parley load: cannot write %s\n", options.json_path.c_str());
      return 1;
    }
  }
  const bool held = tally.total.lost == 0 && stats.error_total() == 0 && connected == plan.total;
  return held ? 0 : 3;
}

}  // namespace parley::load
