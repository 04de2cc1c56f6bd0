#pragma once
// A WebSocketPeer that records what a session would have written to the socket, for tests
// below the network. Its "event loop" runs posted work at once on the posting thread.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "net/application.hpp"

namespace parley::testing {

namespace json = boost::json;
using namespace std::chrono_literals;

class InlineLoop final : public net::EventLoop {
 public:
  void run_on_loop(std::function<void()> fn) override { fn(); }
};

class RecordingPeer final : public net::WebSocketPeer {
 public:
  void send_text(std::shared_ptr<const std::string> frame) override {
    std::lock_guard lock(mu_);
    frames_.push_back(*frame);
    cv_.notify_all();
  }
  // Recorded in order like any frame (this peer writes at once, so nothing is replaced), with
  // its key, so tests can tell which frames the session sent as last-value.
  void send_replaceable(std::shared_ptr<const std::string> frame, std::string key) override {
    std::lock_guard lock(mu_);
    keys_[frames_.size()] = std::move(key);
    frames_.push_back(*frame);
    cv_.notify_all();
  }
  // The key frame n was sent with, or "" for an ordinary frame.
  std::string key_of(std::size_t n) {
    std::lock_guard lock(mu_);
    auto it = keys_.find(n);
    return it == keys_.end() ? std::string() : it->second;
  }
  void close(uint16_t code, std::string) override {
    std::lock_guard lock(mu_);
    close_code_ = code;
    cv_.notify_all();
  }
  const std::string& remote_ip() const override { return ip_; }
  const std::shared_ptr<net::EventLoop>& loop() const override { return loop_; }

  // Waits for the n-th frame (0-based) and returns it parsed.
  json::object frame(std::size_t n) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, 5s, [&] { return frames_.size() > n; })) {
      ADD_FAILURE() << "no frame #" << n;
      return {};
    }
    return json::parse(frames_[n]).as_object();
  }
  std::string raw(std::size_t n) {
    frame(n);
    std::lock_guard lock(mu_);
    return frames_[n];
  }
  // Waits until a frame satisfies `pred`; returns it (empty object after 5 s without one).
  template <typename Pred>
  json::object wait_for(Pred pred) {
    std::unique_lock lock(mu_);
    json::object found;
    auto seen = [&] {
      for (const auto& f : frames_) {
        auto parsed = json::parse(f).as_object();
        if (pred(parsed)) {
          found = std::move(parsed);
          return true;
        }
      }
      return false;
    };
    if (!cv_.wait_for(lock, 5s, seen)) ADD_FAILURE() << "no frame matched";
    return found;
  }
  // Every frame so far, parsed.
  std::vector<json::object> all() {
    std::lock_guard lock(mu_);
    std::vector<json::object> out;
    for (const auto& f : frames_) out.push_back(json::parse(f).as_object());
    return out;
  }
  std::size_t count() {
    std::lock_guard lock(mu_);
    return frames_.size();
  }
  int close_code() {
    std::lock_guard lock(mu_);
    return close_code_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> frames_;
  std::map<std::size_t, std::string> keys_;  // frame index -> key, for last-value frames
  int close_code_ = 0;
  std::string ip_ = "127.0.0.1";
  std::shared_ptr<net::EventLoop> loop_ = std::make_shared<InlineLoop>();
};

}  // namespace parley::testing
