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
#include <functional>
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
  // Calls fn(user_id) for each member of the room among `candidates` (a set of user ids, or a
  // map keyed by them), walking whichever side is smaller: a DM among 10,000 online users costs
  // two lookups, #general among a few hundred costs a few hundred. `fn` may run under the
  // cache's lock: it must not call back into the cache.
  template <class KeyedByUser, class Fn>
  void for_each_member_among(std::string_view room_id, const KeyedByUser& candidates, Fn&& fn) {
    if (candidates.empty()) return;
    if (member_count(room_id) <= candidates.size()) {
      for_each_member(room_id, [&](const std::string& user_id) {
        if (candidates.find(user_id) != candidates.end()) fn(user_id);
      });
      return;
    }
    for (const auto& entry : candidates) {
      const std::string& user_id = key_of(entry);
      if (is_member(room_id, user_id)) fn(user_id);
    }
  }
  void add(std::string_view room_id, std::string_view user_id);
  void remove(std::string_view room_id, std::string_view user_id);
  // Forget a room entirely (it will be reloaded on next use).
  void invalidate(std::string_view room_id);

 private:
  // How many members the room has, and each of them (loaded like is_member).
  std::size_t member_count(std::string_view room_id);
  void for_each_member(std::string_view room_id, const std::function<void(const std::string&)>& fn);
  static const std::string& key_of(const std::string& user_id) { return user_id; }
  template <class Pair>
  static const std::string& key_of(const Pair& entry) {
    return entry.first;
  }

  // Transparent hashing: lookups by string_view allocate nothing (is_member runs per listener
  // per event on the fan-out path).
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Members = std::unordered_set<std::string, Hash, std::equal_to<>>;
  // Runs `fn` on the room's member set, loading it first when it is not cached.
  template <class Fn>
  auto with_members(std::string_view room_id, Fn&& fn)
      -> decltype(fn(std::declval<const Members&>()));
  store::Store& store_;
  std::size_t max_rooms_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Members, Hash, std::equal_to<>> rooms_;
  std::deque<std::string> fill_order_;
  // Bumped by every add/remove/invalidate. A load that saw it move may have missed a change
  // that happened while it read the store, so its result is used once but not cached.
  uint64_t changes_ = 0;
};

}  // namespace parley::chat
