#pragma once
// `parley load`: the load generator's command line (load/load_run.hpp does the work).
#include <CLI/CLI.hpp>
#include <string>

#include "load/load_options.hpp"

namespace parley::app {

struct LoadCommand {
  load::LoadOptions options;
  std::string kinds;  // --kinds web=N,sdk=N,...
  CLI::App* app = nullptr;
};

// Declares the subcommand and its flags on `cli`; `command` must outlive parsing.
void add_load_command(CLI::App& cli, LoadCommand& command);

// Runs it; `argc/argv` are reported as the exact command line. Returns the exit code.
int run_load_command(LoadCommand& command, int argc, char** argv);

}  // namespace parley::app
