#pragma once
// What `parley load` is asked to do (docs/load.md), and the workload profiles it follows
// (docs/workload.md): "seed" is what broke the original deployment, "x10" ten times that.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "load/client_kind.hpp"

namespace parley::load {

struct LoadOptions {
  std::string url = "http://127.0.0.1:3000";
  std::string profile = "seed";  // seed | x10
  int clients = 0;               // 0 = the profile's count; scales the profile's kind mix
  std::array<int, kKindCount> kinds{-1, -1, -1, -1};  // explicit counts win over the mix
  double duration_s = 60;                             // the measured window
  std::string json_path;
  bool storm = false;
  double storm_at_s = -1;  // seconds into the window; < 0 = the middle
  double storm_spread_s = 10;
  std::string tokens_path;     // username<TAB>userId<TAB>token lines (parley seed --tokens)
  std::string login = "auto";  // auto (resume with tokens, else password) | resume | password
  std::string password = "parley-seed";
  int users = 0;                   // without tokens: user1..userN (0 = one per client)
  double rate = -1;                // total messages/s; < 0 = 1 per 30 s per active client
  double active_fraction = 0.9;    // the share of clients that chat (the rest only listen)
  double open_every_s = 60;        // room opens per active client (history page + read)
  double presence_every_s = 300;   // presence changes per connected client
  double connect_rate = 500;       // new connections per second during the ramp
  double connect_timeout_s = 300;  // the ramp gives up on clients not ready by then
  double drain_s = 5;              // after the window: how long to wait for copies in flight
  unsigned threads = 0;            // io threads; 0 = one per core
  int max_room_streams = 480;      // legacy/bot: room streams per connection (parley caps 500)
  int server_pid = 0;              // read /proc/PID for the server's CPU, RSS and fds
  std::string label;               // e.g. the commit under test
  std::string write_rooms_path;    // userId<TAB>roomId<TAB>type lines, for the floor server
  uint64_t seed = 1;
  bool quiet = false;
  std::string command_line;  // filled by the caller: reported as run
};

// The kind mix and rates once the profile and flags are applied.
struct ResolvedPlan {
  std::array<int, kKindCount> kinds{};
  int total = 0;
  int active = 0;
  double rate = 0;  // messages/s, all active clients together
};

// Throws std::invalid_argument on an unknown profile or nonsense counts.
ResolvedPlan resolve_plan(const LoadOptions& options);

}  // namespace parley::load
