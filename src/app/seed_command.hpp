#pragma once
// `parley seed`: opens the store under --data-dir and fills it (seed/seeder.hpp).
#include <string>

#include "config/config.hpp"
#include "seed/seeder.hpp"

namespace parley::app {

// Returns the process exit code: 0, or 1 with the reason on stderr.
int run_seed_command(const config::Config& config, seed::SeedOptions options);

}  // namespace parley::app
