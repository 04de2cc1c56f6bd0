#include "chat/membership_cache.hpp"

#include <mutex>

namespace parley::chat {

template <class Fn>
auto MembershipCache::with_members(std::string_view room_id, Fn&& fn)
    -> decltype(fn(std::declval<const Members&>())) {
  uint64_t changes_before = 0;
  {
    std::shared_lock lock(mu_);
    auto it = rooms_.find(room_id);
    if (it != rooms_.end()) return fn(it->second);
    changes_before = changes_;
  }
  // Load outside the lock: a store read may take milliseconds.
  auto ids = store_.room_member_ids(room_id);
  Members members(ids.begin(), ids.end());
  std::unique_lock lock(mu_);
  // A change while the store was read may be missing from `members`: use it once, uncached.
  if (changes_ != changes_before) return fn(members);
  // Nobody (or no such room): not cached, so a client naming made-up rooms (a stream
  // subscription asks this before anything else) cannot evict real rooms. An empty room is
  // rare and costs one query per lookup.
  if (members.empty()) return fn(members);
  const std::string rid(room_id);
  if (rooms_.find(rid) == rooms_.end()) {
    // Make room first, so the eviction cannot touch the entry about to be used.
    while (rooms_.size() >= max_rooms_ && !fill_order_.empty()) {
      rooms_.erase(fill_order_.front());
      fill_order_.pop_front();
    }
    fill_order_.push_back(rid);
  }
  auto it = rooms_.emplace(rid, std::move(members)).first;
  return fn(it->second);
}

bool MembershipCache::is_member(std::string_view room_id, std::string_view user_id) {
  return with_members(room_id, [&](const Members& m) { return m.find(user_id) != m.end(); });
}

std::size_t MembershipCache::member_count(std::string_view room_id) {
  return with_members(room_id, [](const Members& m) { return m.size(); });
}

void MembershipCache::for_each_member(std::string_view room_id,
                                      const std::function<void(const std::string&)>& fn) {
  with_members(room_id, [&](const Members& m) {
    for (const auto& user_id : m) fn(user_id);
  });
}

void MembershipCache::add(std::string_view room_id, std::string_view user_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  auto it = rooms_.find(room_id);
  if (it != rooms_.end()) it->second.emplace(user_id);
}

void MembershipCache::remove(std::string_view room_id, std::string_view user_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  auto it = rooms_.find(room_id);
  if (it != rooms_.end()) {
    if (auto m = it->second.find(user_id); m != it->second.end()) it->second.erase(m);
  }
}

void MembershipCache::invalidate(std::string_view room_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  if (auto it = rooms_.find(room_id); it != rooms_.end()) rooms_.erase(it);
}

}  // namespace parley::chat
