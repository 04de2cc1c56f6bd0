#include "chat/membership_cache.hpp"

#include <mutex>

namespace parley::chat {

bool MembershipCache::is_member(std::string_view room_id, std::string_view user_id) {
  const std::string rid(room_id);
  uint64_t changes_before = 0;
  {
    std::shared_lock lock(mu_);
    auto it = rooms_.find(rid);
    if (it != rooms_.end()) return it->second.count(std::string(user_id)) > 0;
    changes_before = changes_;
  }
  // Load outside the lock: a store read may take milliseconds.
  auto ids = store_.room_member_ids(room_id);
  Members members(ids.begin(), ids.end());
  const bool found = members.count(std::string(user_id)) > 0;
  std::unique_lock lock(mu_);
  if (changes_ != changes_before) return found;
  if (rooms_.emplace(rid, std::move(members)).second) {
    fill_order_.push_back(rid);
    while (rooms_.size() > max_rooms_ && !fill_order_.empty()) {
      rooms_.erase(fill_order_.front());
      fill_order_.pop_front();
    }
  }
  return found;
}

void MembershipCache::add(std::string_view room_id, std::string_view user_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  auto it = rooms_.find(std::string(room_id));
  if (it != rooms_.end()) it->second.emplace(user_id);
}

void MembershipCache::remove(std::string_view room_id, std::string_view user_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  auto it = rooms_.find(std::string(room_id));
  if (it != rooms_.end()) it->second.erase(std::string(user_id));
}

void MembershipCache::invalidate(std::string_view room_id) {
  std::unique_lock lock(mu_);
  ++changes_;
  rooms_.erase(std::string(room_id));
}

}  // namespace parley::chat
