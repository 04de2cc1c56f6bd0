#pragma once
// Progress of a long command: on a terminal a bar redrawn in place with the rate and the time
// left; elsewhere (a log, CI) a plain line at most every few seconds, so a log stays short.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace parley::seed {

class Progress {
 public:
  // `out` null: silent.
  Progress(std::FILE* out, bool terminal) : out_(out), terminal_(terminal) {}

  void start(std::string what, int64_t total);
  void advance_to(int64_t done);
  // Prints the phase's final line.
  void finish();

 private:
  void print(bool final_line);

  std::FILE* out_;
  bool terminal_;
  std::string what_;
  int64_t total_ = 0;
  int64_t done_ = 0;
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point printed_{};
};

}  // namespace parley::seed
