#include "util/rate_limiter.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <limits>

namespace parley::util {

RateLimiter::RateLimiter(const Clock& clock, Options options)
    : clock_(clock),
      per_shard_(
          std::max<std::size_t>(1, options.max_keys / std::max<std::size_t>(1, options.shards))),
      shards_(std::make_unique<Shard[]>(std::max<std::size_t>(1, options.shards))),
      shard_count_(std::max<std::size_t>(1, options.shards)) {}

void RateLimiter::drop_front(Shard& shard) {
  shard.index.erase(shard.order.front().key);
  shard.order.pop_front();
}

RateLimitDecision RateLimiter::hit(std::string_view key, int limit, int64_t interval_ms) {
  assert(limit > 0 && interval_ms > 0);
  const int64_t now = clock_.now_ms();
  if (limit <= 0 || interval_ms <= 0) return {true, limit, 0, now, 0};

  Shard& shard = shards_[std::hash<std::string_view>{}(key) % shard_count_];
  std::lock_guard lock(shard.mu);
  // The front holds the oldest windows: drop those that have ended. Keys with a shorter
  // interval behind a longer one wait for it (or for eviction); the bound holds either way.
  while (!shard.order.empty() && shard.order.front().window_end <= now) drop_front(shard);

  std::list<Entry>::iterator entry;
  auto found = shard.index.find(key);
  if (found != shard.index.end() && found->second->window_end > now) {
    entry = found->second;
  } else {
    if (found != shard.index.end()) {
      // Its window has ended: reopen it at the back, where the newest windows are.
      entry = found->second;
      shard.order.splice(shard.order.end(), shard.order, entry);
    } else {
      while (shard.order.size() >= per_shard_) {
        drop_front(shard);
        ++shard.evictions;
      }
      shard.order.push_back(Entry{std::string(key), 0, 0});
      entry = std::prev(shard.order.end());
      shard.index.emplace(entry->key, entry);
    }
    entry->window_end = now + interval_ms;
    entry->count = 0;
  }
  if (entry->count < std::numeric_limits<int>::max()) ++entry->count;

  RateLimitDecision d;
  d.allowed = entry->count <= limit;
  d.limit = limit;
  d.remaining = d.allowed ? limit - entry->count : 0;
  d.reset_at_ms = entry->window_end;
  d.time_to_reset_ms = entry->window_end - now;
  return d;
}

std::size_t RateLimiter::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mu);
    n += shards_[i].order.size();
  }
  return n;
}

uint64_t RateLimiter::evictions() const {
  uint64_t n = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mu);
    n += shards_[i].evictions;
  }
  return n;
}

}  // namespace parley::util
