#pragma once
// Connections for the benchmarks, below the network: a loop that queues posted work until the
// benchmark runs it (so a figure can include or leave out delivery), and a peer that counts
// what would have been written to its socket instead of writing it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/application.hpp"

namespace parley::bench {

class QueuedLoop final : public net::EventLoop {
 public:
  void run_on_loop(std::function<void()> fn) override { pending_.push_back(std::move(fn)); }
  void run() {
    for (auto& fn : pending_) fn();
    pending_.clear();
  }

 private:
  std::vector<std::function<void()>> pending_;
};

class CountingPeer final : public net::WebSocketPeer {
 public:
  // `keep_last`: hold the latest frame, to check which buffer listeners got. Off by default:
  // it adds about 10 % to the fan-out figures, which were measured without it.
  explicit CountingPeer(std::shared_ptr<net::EventLoop> loop, bool keep_last = false)
      : loop_(std::move(loop)), keep_last_(keep_last) {}
  void send_text(std::shared_ptr<const std::string> frame) override {
    ++frames;
    bytes += frame->size();
    if (keep_last_) last = std::move(frame);
  }
  // Counted like any frame: this peer has no queue, so nothing waits long enough to be replaced.
  void send_replaceable(std::shared_ptr<const std::string> frame, std::string) override {
    send_text(std::move(frame));
  }
  void close(uint16_t, std::string) override {}
  const std::string& remote_ip() const override { return ip_; }
  const std::shared_ptr<net::EventLoop>& loop() const override { return loop_; }

  int64_t frames = 0;
  int64_t bytes = 0;
  std::shared_ptr<const std::string> last;  // the buffer of the latest frame, if kept

 private:
  std::shared_ptr<net::EventLoop> loop_;
  bool keep_last_;
  std::string ip_ = "127.0.0.1";
};

}  // namespace parley::bench
