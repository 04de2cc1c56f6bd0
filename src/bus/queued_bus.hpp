#pragma once
// DESIGN: a Bus that publishes on a thread of its own, in the order publish() was called.
//
// Why: chat/ publishes a room's message events from the store writer's after-commit hooks, so
// that they leave in commit order (store.hpp, AfterCommit). Delivering an event is not free:
// the stream hub parses it and walks its listeners (every __my_messages__ listener for a
// channel message), and a networked bus does I/O. Done on the writer, that would delay every
// later commit. Here the writer only pays for a push onto a FIFO; one thread drains the FIFO
// into the inner bus, so the order the hooks published in is the order subscribers see.
//
// Threads: publish() from any thread (the writer, workers, loops); the drain thread calls the
// inner bus's publish, one event at a time. subscribe/unsubscribe go straight to the inner bus.
// Bounded: with `max_queued` events waiting, publish() blocks until the drain catches up, so a
// stalled subscriber slows publishers down instead of growing memory without bound.
// Destruction: refuses nothing, delivers what is queued, then joins the thread.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "bus/bus.hpp"

namespace parley::bus {

class QueuedBus final : public Bus {
 public:
  explicit QueuedBus(Bus& inner, std::size_t max_queued = 65'536);
  ~QueuedBus() override;
  QueuedBus(const QueuedBus&) = delete;
  QueuedBus& operator=(const QueuedBus&) = delete;

  void publish(const std::string& subject, Payload payload) override;
  InterestId subscribe(const std::string& subject, Handler handler) override {
    return inner_.subscribe(subject, std::move(handler));
  }
  void unsubscribe(InterestId id) override { inner_.unsubscribe(id); }

 private:
  void drain();

  Bus& inner_;
  const std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::pair<std::string, Payload>> queue_;  // guarded by mu_
  bool stopping_ = false;                              // guarded by mu_
  std::thread thread_;                                 // last: starts once the rest is ready
};

}  // namespace parley::bus
