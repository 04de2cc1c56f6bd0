#pragma once
// `parley load`: drives a Rocket.Chat-compatible server over DDP/WebSocket with the workload's
// clients (docs/load.md), checks every copy it should receive, and reports (text on stdout,
// --json FILE as well).
#include "load/load_options.hpp"

namespace parley::load {

// Returns the process exit code: 0 = the run held (nothing lost, no errors), 3 = it ran but
// lost copies or saw errors, 1 = it could not run (bad options, unreachable server).
int run_load(const LoadOptions& options);

}  // namespace parley::load
