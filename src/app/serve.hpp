#pragma once
#include "config/config.hpp"

namespace parley::app {

// Runs the server until SIGTERM/SIGINT; returns the process exit code.
int serve(const config::Config& config);

}  // namespace parley::app
