#include "net/connection_counter.hpp"

#include <cassert>
#include <functional>
#include <utility>

namespace parley::net {

ConnectionCounter::Lease::Lease(Lease&& other) noexcept
    : counter_(std::exchange(other.counter_, nullptr)), key_(std::move(other.key_)) {}

ConnectionCounter::Lease& ConnectionCounter::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    counter_ = std::exchange(other.counter_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

void ConnectionCounter::Lease::release() {
  if (auto* counter = std::exchange(counter_, nullptr)) counter->release(key_);
}

ConnectionCounter::Shard& ConnectionCounter::shard_for(std::string_view key) const {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

std::optional<ConnectionCounter::Lease> ConnectionCounter::try_acquire(std::string_view key) {
  if (max_per_key_ == 0) return Lease{};
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.counts.try_emplace(std::string(key), 0);
  if (it->second >= max_per_key_) return std::nullopt;
  ++it->second;
  return Lease(this, it->first);
}

void ConnectionCounter::release(const std::string& key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mu);
  auto it = shard.counts.find(key);
  assert(it != shard.counts.end() && it->second > 0);
  if (it == shard.counts.end()) return;
  if (--it->second == 0) shard.counts.erase(it);
}

std::size_t ConnectionCounter::count(std::string_view key) const {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mu);
  auto it = shard.counts.find(std::string(key));
  return it == shard.counts.end() ? 0 : it->second;
}

std::size_t ConnectionCounter::keys() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.counts.size();
  }
  return n;
}

}  // namespace parley::net
