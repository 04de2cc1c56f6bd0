#pragma once
// What /proc says about a process (the server under load, given --server-pid) and about the
// machine. Linux only; a field that cannot be read is reported as unknown (negative / empty),
// never guessed.
#include <cstdint>
#include <string>

namespace parley::load {

struct ProcessSample {
  bool ok = false;
  double cpu_s = -1;      // user + system, since the process started
  int64_t rss_kib = -1;   // VmRSS now
  int64_t hwm_kib = -1;   // VmHWM: the peak RSS over the process's life
  int64_t open_fds = -1;  // entries in /proc/PID/fd
};

ProcessSample sample_process(int pid);

// This process's own CPU seconds (user + system, all threads), from getrusage.
double own_cpu_seconds();

struct Machine {
  unsigned cores = 0;
  std::string cpu_model;
  std::string kernel;
};
Machine describe_machine();

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the soft limit now in force.
uint64_t raise_open_files_limit();

}  // namespace parley::load
