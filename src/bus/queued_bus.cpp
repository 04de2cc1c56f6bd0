#include "bus/queued_bus.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <exception>

namespace parley::bus {

QueuedBus::QueuedBus(Bus& inner, std::size_t max_queued)
    : inner_(inner), max_queued_(max_queued == 0 ? 1 : max_queued), thread_([this] { drain(); }) {
  pthread_setname_np(thread_.native_handle(), "parley-publish");
}

QueuedBus::~QueuedBus() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  not_empty_.notify_one();
  thread_.join();
}

void QueuedBus::publish(const std::string& subject, Payload payload) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [this] { return queue_.size() < max_queued_; });
  queue_.emplace_back(subject, std::move(payload));
  not_empty_.notify_one();
}

void QueuedBus::drain() {
  for (;;) {
    std::pair<std::string, Payload> event;
    {
      std::unique_lock lock(mu_);
      not_empty_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued was delivered
      event = std::move(queue_.front());
      queue_.pop_front();
    }
    not_full_.notify_one();
    // A handler that throws must not end the drain: the bus contract asks handlers not to,
    // and this thread is the only way later events get out.
    try {
      inner_.publish(event.first, std::move(event.second));
    } catch (const std::exception& e) {
      spdlog::error("bus: delivering an event on {} threw: {}", event.first, e.what());
    } catch (...) {
      spdlog::error("bus: delivering an event on {} threw a non-exception", event.first);
    }
  }
}

}  // namespace parley::bus
