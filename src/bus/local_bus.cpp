#include "bus/local_bus.hpp"

#include <mutex>
#include <vector>

namespace parley::bus {

void LocalBus::publish(const std::string& subject, Payload payload) {
  // Copy the handlers out so a handler may subscribe or unsubscribe without deadlocking.
  std::vector<std::shared_ptr<Handler>> handlers;
  {
    std::shared_lock lock(mu_);
    auto collect = [&](const std::string& key) {
      auto it = by_subject_.find(key);
      if (it == by_subject_.end()) return;
      for (const auto& [id, handler] : it->second) handlers.push_back(handler);
    };
    collect(subject);
    if (auto dot = subject.rfind('.'); dot != std::string::npos && !wildcards_.empty()) {
      std::string wildcard = subject.substr(0, dot + 1) + "*";
      if (wildcards_.contains(wildcard)) collect(wildcard);
    }
  }
  for (const auto& handler : handlers) (*handler)(subject, payload);
}

InterestId LocalBus::subscribe(const std::string& subject, Handler handler) {
  std::unique_lock lock(mu_);
  InterestId id = next_id_++;
  by_subject_[subject].emplace(id, std::make_shared<Handler>(std::move(handler)));
  if (subject.ends_with(".*")) ++wildcards_[subject];
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
  if (auto w = wildcards_.find(it->second); w != wildcards_.end() && --w->second == 0) {
    wildcards_.erase(w);
  }
  subject_of_.erase(it);
}

}  // namespace parley::bus
