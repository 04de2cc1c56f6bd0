// Presence under a reconnect storm (issue 4): what one presence flush costs and sends.
// The pieces are wired as app/serve.cpp wires them: a SQLite store, chat::Presence on the
// in-process bus, the DDP stream hub, two event loops (the server's default on 2 cores). Each
// user holds one logged-in connection that listens to stream-notify-logged "user-status", as
// every Rocket.Chat web client does, and that counts for the user's presence, as a DDP session
// does after login. Peers count the frames they would have written.
// One iteration is one supervisor tick: the clock moves 200 ms, Presence::flush() runs, and
// the loops deliver what it posted. Only that is timed (manual time); users dropping,
// reconnecting and changing status before it are set-up. Counters are per flush:
//   status_changes  what flush() published (users whose status really changed)
//   frames          frames written to all connections
//   frames_per_change, bytes_per_frame, store_writes (store writer jobs), bus_publishes
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench_world.hpp"
#include "counting_peer.hpp"
#include "ddp/stream_hub.hpp"

namespace parley::bench {
namespace {

namespace json = boost::json;

constexpr int64_t kTickMs = 200;  // the supervisor's flush interval (app/serve.cpp)

// Forwards to the real bus and counts publishes, so the figure is what a networked bus (NATS)
// would carry per flush.
class CountingBus final : public bus::Bus {
 public:
  explicit CountingBus(bus::Bus& inner) : inner_(inner) {}
  void publish(const std::string& subject, bus::Payload payload) override {
    publishes.fetch_add(1, std::memory_order_relaxed);
    inner_.publish(subject, std::move(payload));
  }
  bus::InterestId subscribe(const std::string& subject, bus::Handler handler) override {
    return inner_.subscribe(subject, std::move(handler));
  }
  void unsubscribe(bus::InterestId id) override { inner_.unsubscribe(id); }

  std::atomic<int64_t> publishes{0};

 private:
  bus::Bus& inner_;
};

// What one or more flushes did, summed.
struct Totals {
  int64_t flushes = 0;
  int64_t changes = 0;
  int64_t frames = 0;
  int64_t frame_bytes = 0;
  int64_t store_writes = 0;
  int64_t bus_publishes = 0;
  double connection_events_seconds = 0;  // untimed set-up: sessions closing and opening
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class StormRig {
 public:
  explicit StormRig(int users)
      : counting_bus_(world_.bus),
        events_(counting_bus_),
        presence_(world_.db.store(), events_, world_.clock, {5'000}),
        hub_(world_.bus, world_.members, world_.db.metrics()),
        store_writes_(world_.db.metrics().counter("parley_store_writes_total", "")) {
    world_.ensure_users(users);
    for (int i = 0; i < users; ++i) {
      users_.push_back(world_.member(i));
      peers_.push_back(std::make_shared<CountingPeer>(i % 2 ? loop_a_ : loop_b_, true));
    }
    generation_.assign(users, 0);
    away_.assign(users, false);
  }

  int users() const { return static_cast<int>(users_.size()); }

  // Whether connections subscribe to user-status (off: what presence costs before fan-out).
  void set_listening(bool on) { listening_ = on; }

  // Connection i opens: it counts for presence (login) and subscribes to user-status.
  void connect(int i) {
    presence_.connected(users_[i], session(i));
    if (listening_) listen(i);
  }
  // Connection i closes: its subscription and its presence go.
  void drop(int i) {
    hub_.remove_session(session(i));
    presence_.disconnected(users_[i].id, session(i));
    ++generation_[i];  // the next connection is a new session
    away_[i] = false;
  }
  void toggle_away(int i) {
    away_[i] = !away_[i];
    presence_.set_away(users_[i].id, session(i), away_[i]);
  }

  // Everyone online and listening, reached without the users x users burst of a cold start:
  // presence first (one flush with nobody listening), then the subscriptions.
  void warm_up() {
    for (int i = 0; i < users(); ++i) presence_.connected(users_[i], session(i));
    tick();
    if (!listening_) return;
    for (int i = 0; i < users(); ++i) listen(i);
  }

  // One supervisor tick, untimed: for set-up.
  void tick() {
    world_.clock.advance_ms(kTickMs);
    presence_.flush();
    run_loops();
  }

  // One supervisor tick, timed; adds what it did to `totals`.
  void timed_tick(benchmark::State& state, Totals& totals) {
    world_.clock.advance_ms(kTickMs);
    const int64_t frames_before = frames();
    const int64_t bytes_before = bytes();
    const auto writes_before = static_cast<int64_t>(store_writes_.value());
    const int64_t publishes_before = counting_bus_.publishes.load();
    const auto start = std::chrono::steady_clock::now();
    const std::size_t changes = presence_.flush();
    run_loops();
    state.SetIterationTime(seconds_since(start));
    ++totals.flushes;
    totals.changes += static_cast<int64_t>(changes);
    totals.frames += frames() - frames_before;
    totals.frame_bytes += bytes() - bytes_before;
    totals.store_writes += static_cast<int64_t>(store_writes_.value()) - writes_before;
    totals.bus_publishes += counting_bus_.publishes.load() - publishes_before;
  }

  // Whether every listener's latest frame is one shared buffer (serialised once, not per
  // listener) and is a user-status event as Rocket.Chat sends it: args [[uid, username,
  // status, statusText, name, roles]].
  bool last_frame_shared_and_well_formed() const {
    const auto& first = peers_.front()->last;
    if (!first) return false;
    for (const auto& p : peers_) {
      if (p->last != first) return false;
    }
    const json::object frame = json::parse(*first).as_object();
    const auto& fields = frame.at("fields").as_object();
    const auto& args = fields.at("args").as_array();
    return frame.at("collection") == "stream-notify-logged" &&
           fields.at("eventName") == "user-status" && args.size() == 1 &&
           args.at(0).as_array().size() == 6;
  }

 private:
  std::string session(int i) const {
    return "s" + std::to_string(i) + "-" + std::to_string(generation_[i]);
  }
  void listen(int i) {
    ddp::StreamListener l;
    l.session_id = session(i);
    l.sub_id = "user-status";
    l.stream = "notify-logged";
    l.event_name = "user-status";
    l.user_id = users_[i].id;
    l.peer = peers_[i];
    hub_.add(std::move(l));
  }
  void run_loops() {
    loop_a_->run();
    loop_b_->run();
  }
  int64_t frames() const {
    int64_t n = 0;
    for (const auto& p : peers_) n += p->frames;
    return n;
  }
  int64_t bytes() const {
    int64_t n = 0;
    for (const auto& p : peers_) n += p->bytes;
    return n;
  }

  World world_;
  CountingBus counting_bus_;
  chat::Events events_;
  chat::Presence presence_;
  ddp::StreamHub hub_;
  metrics::Counter& store_writes_;
  std::shared_ptr<QueuedLoop> loop_a_ = std::make_shared<QueuedLoop>();
  std::shared_ptr<QueuedLoop> loop_b_ = std::make_shared<QueuedLoop>();
  std::vector<store::UserRecord> users_;
  std::vector<std::shared_ptr<CountingPeer>> peers_;
  std::vector<int> generation_;
  std::vector<bool> away_;
  bool listening_ = true;
};

void report(benchmark::State& state, const Totals& t, int listeners) {
  const double flushes = static_cast<double>(std::max<int64_t>(t.flushes, 1));
  state.counters["listeners"] = listeners;
  state.counters["status_changes"] = static_cast<double>(t.changes) / flushes;
  state.counters["frames"] = static_cast<double>(t.frames) / flushes;
  state.counters["frames_per_change"] =
      t.changes == 0 ? 0.0 : static_cast<double>(t.frames) / static_cast<double>(t.changes);
  if (t.frames > 0) {
    state.counters["bytes_per_frame"] =
        static_cast<double>(t.frame_bytes) / static_cast<double>(t.frames);
  }
  state.counters["store_writes"] = static_cast<double>(t.store_writes) / flushes;
  state.counters["bus_publishes"] = static_cast<double>(t.bus_publishes) / flushes;
  if (t.connection_events_seconds > 0) {
    state.counters["connection_events_us"] = t.connection_events_seconds * 1e6 / flushes;
  }
}

// a. Everyone drops and reconnects. `spread` is how many ticks the reconnects take: 1 (all
// inside one tick) or 10 (2 s, still inside the 5 s grace). Every tick is timed, including
// those that re-examine the users still waiting out their grace.
void BM_PresenceReconnectStorm(benchmark::State& state) {
  const int users = static_cast<int>(state.range(0));
  const int spread = static_cast<int>(state.range(1));
  StormRig rig(users);
  rig.warm_up();
  Totals totals;
  int64_t tick = 0;
  for (auto _ : state) {
    const int phase = static_cast<int>(tick++ % spread);
    const auto start = std::chrono::steady_clock::now();
    if (phase == 0) {
      for (int i = 0; i < users; ++i) rig.drop(i);
    }
    for (int i = phase * users / spread; i < (phase + 1) * users / spread; ++i) rig.connect(i);
    totals.connection_events_seconds += seconds_since(start);
    rig.timed_tick(state, totals);
  }
  if (totals.changes != 0 || totals.frames != 0) {
    state.SkipWithError("a storm inside the grace published something");
  }
  report(state, totals, users);
}
BENCHMARK(BM_PresenceReconnectStorm)
    ->ArgsProduct({{1000, 10000}, {1, 10}})
    ->ArgNames({"users", "spread"})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

// b. Cold start: every user comes online in one tick while all of them listen (listening:1),
// or with nobody listening (listening:0: presence, store and bus without the fan-out). Before
// each timed tick everyone leaves and is flushed offline (nobody listening, so no frames).
void BM_PresenceColdStart(benchmark::State& state) {
  const int users = static_cast<int>(state.range(0));
  StormRig rig(users);
  rig.set_listening(state.range(1) == 1);
  rig.warm_up();
  Totals totals;
  for (auto _ : state) {
    for (int i = 0; i < users; ++i) rig.drop(i);
    for (int i = 0; i < 30; ++i) rig.tick();  // 6 s: past the 5 s grace, everyone offline
    for (int i = 0; i < users; ++i) rig.connect(i);
    rig.timed_tick(state, totals);
  }
  const int64_t listeners = state.range(1) == 1 ? users : 0;
  if (totals.changes != totals.flushes * users || totals.frames != totals.changes * listeners) {
    state.SkipWithError("not one change per user, delivered once to every listener");
  } else if (totals.frames > 0 && !rig.last_frame_shared_and_well_formed()) {
    state.SkipWithError("listeners did not share one well-formed user-status frame");
  }
  report(state, totals, users);
}
BENCHMARK(BM_PresenceColdStart)
    ->ArgsProduct({{1000}, {0, 1}})
    ->ArgNames({"users", "listening"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// c. Steady churn: `percent` of the users change status (online <-> away) in each tick; 0 is
// an idle tick, what the supervisor pays every 200 ms when nothing happens.
void BM_PresenceSteadyChurn(benchmark::State& state) {
  const int users = static_cast<int>(state.range(0));
  const int per_tick = users * static_cast<int>(state.range(1)) / 100;
  StormRig rig(users);
  rig.warm_up();
  Totals totals;
  int next = 0;
  for (auto _ : state) {
    for (int k = 0; k < per_tick; ++k, next = (next + 1) % users) rig.toggle_away(next);
    rig.timed_tick(state, totals);
  }
  if (totals.frames > 0 && !rig.last_frame_shared_and_well_formed()) {
    state.SkipWithError("listeners did not share one well-formed user-status frame");
  }
  report(state, totals, users);
}
BENCHMARK(BM_PresenceSteadyChurn)
    ->Args({1000, 0})
    ->Args({1000, 1})
    ->Args({1000, 10})
    ->Args({10000, 0})
    ->Args({10000, 1})
    ->ArgNames({"users", "percent"})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parley::bench
