#include "seed/progress.hpp"

#include <algorithm>

namespace parley::seed {
namespace {

using Clock = std::chrono::steady_clock;

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(seconds);
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  return text;
}

}  // namespace

void Progress::start(std::string what, int64_t total) {
  what_ = std::move(what);
  total_ = total;
  done_ = 0;
  started_ = Clock::now();
  printed_ = started_;
}

void Progress::advance_to(int64_t done) {
  done_ = done;
  const auto since = Clock::now() - printed_;
  // A terminal redraws cheaply; a log gets a line every 5 s.
  if (since >= (terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(5))) {
    print(false);
  }
}

void Progress::finish() {
  done_ = std::max(done_, total_);
  print(true);
}

void Progress::print(bool final_line) {
  if (out_ == nullptr) return;
  printed_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(printed_ - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  const double fraction =
      total_ > 0 ? std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)) : 1.0;
  const std::string left =
      rate > 0 ? duration_text(static_cast<double>(total_ - done_) / rate) : "?";
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    std::fprintf(out_, "\r%-22s [%s] %3d%% %lld/%lld  %.0f/s  %s %s", what_.c_str(), bar.c_str(),
                 static_cast<int>(fraction * 100), static_cast<long long>(done_),
                 static_cast<long long>(total_), rate, final_line ? "took" : "ETA",
                 final_line ? duration_text(elapsed).c_str() : left.c_str());
    if (final_line) std::fputc('\n', out_);
  } else {
    std::fprintf(out_, "%s: %lld/%lld (%d%%), %.0f/s, %s %s\n", what_.c_str(),
                 static_cast<long long>(done_), static_cast<long long>(total_),
                 static_cast<int>(fraction * 100), rate, final_line ? "took" : "ETA",
                 final_line ? duration_text(elapsed).c_str() : left.c_str());
  }
  std::fflush(out_);
}

}  // namespace parley::seed
