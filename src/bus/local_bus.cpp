#include "bus/local_bus.hpp"

#include <mutex>
#include <vector>

namespace parley::bus {

void LocalBus::publish(const std::string& subject, Payload payload) {
  // Copy the handlers out so a handler may subscribe or unsubscribe without deadlocking.
  std::vector<std::shared_ptr<Handler>> handlers;
  {
    std::shared_lock lock(mu_);
    auto it = by_subject_.find(subject);
    if (it == by_subject_.end()) return;
    handlers.reserve(it->second.size());
    for (const auto& [id, handler] : it->second) handlers.push_back(handler);
  }
  for (const auto& handler : handlers) (*handler)(subject, payload);
}

InterestId LocalBus::subscribe(const std::string& subject, Handler handler) {
  std::unique_lock lock(mu_);
  InterestId id = next_id_++;
  by_subject_[subject].emplace(id, std::make_shared<Handler>(std::move(handler)));
  subject_of_.emplace(id, subject);
  return id;
}

void LocalBus::unsubscribe(InterestId id) {
  std::unique_lock lock(mu_);
  auto it = subject_of_.find(id);
  if (it == subject_of_.end()) return;
  auto subject_it = by_subject_.find(it->second);
  if (subject_it != by_subject_.end()) {
    subject_it->second.erase(id);
    if (subject_it->second.empty()) by_subject_.erase(subject_it);
  }
  subject_of_.erase(it);
}

}  // namespace parley::bus
