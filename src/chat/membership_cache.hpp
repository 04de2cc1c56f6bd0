#pragma once
// DESIGN: who is in which room, in memory, so per-message and per-event permission checks
// cost a hash lookup instead of a query (issue 3's fan-out rule).
//  - Filled lazily per room from Store::room_member_ids on first use.
//  - Kept correct by chat/ itself: every join, leave, kick and room creation calls add() or
//    remove() after its write commits. With several instances (scale-out issue) a remote
//    change arrives as a bus event and does the same; until then this process is the only
//    writer.
//  - Thread-safe: a shared_mutex; lookups take it shared.
//  - Bounded: rooms are evicted least-recently-filled when more than `max_rooms` are cached,
//    and simply reloaded on next use.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/store.hpp"

namespace parley::chat {

class MembershipCache {
 public:
  explicit MembershipCache(store::Store& store, std::size_t max_rooms = 100'000)
      : store_(store), max_rooms_(max_rooms) {}

  bool is_member(std::string_view room_id, std::string_view user_id);
  void add(std::string_view room_id, std::string_view user_id);
  void remove(std::string_view room_id, std::string_view user_id);
  // Forget a room entirely (it will be reloaded on next use).
  void invalidate(std::string_view room_id);

 private:
  using Members = std::unordered_set<std::string>;
  store::Store& store_;
  std::size_t max_rooms_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Members> rooms_;
  std::deque<std::string> fill_order_;
  // Bumped by every add/remove/invalidate. A load that saw it move may have missed a change
  // that happened while it read the store, so its result is used once but not cached.
  uint64_t changes_ = 0;
};

}  // namespace parley::chat
