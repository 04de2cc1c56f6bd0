#pragma once
// DESIGN: fixed-window call counters keyed by string, the model of Meteor's RateLimiter, on
// which Rocket.Chat builds both its REST limiter and its DDP method limits. A key's first call
// opens a window of `interval_ms`; every call inside the window counts, refused ones too (Meteor
// counts before it checks); a call is allowed while the count is at most `limit`. The first call
// after the window has ended opens a new one. Meteor's windows belong to the rule, so all keys of
// a route reset together; here each key's window starts at its own first call, so a client's
// reset time does not depend on when some other client arrived.
//
// Memory is bounded under any number of keys (thousands of IPs, or one client rotating
// X-Forwarded-For). Keys are spread over shards by hash; each shard keeps its keys in a list in
// the order their windows opened, plus a hash index into that list. Every call first drops
// expired keys from the front of its shard's list (amortised O(1)), and a call that needs a new
// key in a full shard evicts the shard's oldest key. An evicted key only loses its count: under
// that pressure the limiter lets a caller start afresh rather than refuse strangers, and the
// oldest windows are the ones closest to their reset anyway.
//
// Thread-safe: one mutex per shard, held for one hash lookup and a few list splices. Time comes
// from util::Clock, so tests drive it with a FakeClock.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/clock.hpp"

namespace parley::util {

struct RateLimitDecision {
  bool allowed = true;
  int limit = 0;                 // calls allowed per window
  int remaining = 0;             // calls still allowed in this window after this one
  int64_t reset_at_ms = 0;       // when the window ends, ms since the epoch
  int64_t time_to_reset_ms = 0;  // reset_at_ms - now
};

class RateLimiter {
 public:
  struct Options {
    std::size_t max_keys = 100'000;  // across all shards; ~150 bytes each
    std::size_t shards = 16;
  };

  explicit RateLimiter(const Clock& clock) : RateLimiter(clock, Options{}) {}
  RateLimiter(const Clock& clock, Options options);

  // Counts one call for `key` against `limit` calls per `interval_ms` (both > 0).
  RateLimitDecision hit(std::string_view key, int limit, int64_t interval_ms);

  // Keys currently held (expired ones may linger until their shard is next touched).
  std::size_t size() const;
  // Keys dropped before their window ended because their shard was full.
  uint64_t evictions() const;

 private:
  struct Entry {
    std::string key;
    int64_t window_end = 0;
    int count = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::list<Entry> order;  // by window start, oldest first
    // Views into the list's own strings: list nodes never move, so the views stay valid.
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;
    uint64_t evictions = 0;
  };

  void drop_front(Shard& shard);

  const Clock& clock_;
  std::size_t per_shard_;
  std::unique_ptr<Shard[]> shards_;
  std::size_t shard_count_;
};

}  // namespace parley::util
