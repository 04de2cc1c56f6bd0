// The room side of discussions (chat/discussions.hpp): inserting a discussion room with its
// members, and chat.ignoreUser's mark on a subscription. Rooms owns memberships, so these live
// here; the discussion rules (permissions, parent, system messages) live in chat/discussions.
#include <algorithm>
#include <boost/json/array.hpp>

#include "chat/room_views.hpp"
#include "chat/rooms.hpp"

namespace parley::chat {

namespace json = boost::json;

Result<store::RoomRecord> Rooms::insert_discussion(const store::UserRecord& owner,
                                                   store::RoomRecord room,
                                                   const std::vector<store::UserRecord>& members) {
  const int64_t now = clock_.now_ms();
  room.created_at = now;
  room.updated_at = now;
  std::vector<store::SubscriptionRecord> subscriptions;
  subscriptions.push_back(subscription_for(room, owner, {"owner"}, now));
  for (const auto& m : members) {
    if (m.id == owner.id) continue;
    subscriptions.push_back(subscription_for(room, m, {}, now));
  }
  room.users_count = static_cast<int64_t>(subscriptions.size());
  // The name is a random id, so a collision is as unlikely as an id collision.
  if (store_.insert_room(room, subscriptions) != store::WriteStatus::kOk) return internal_error();
  // The stored row carries the write stamps.
  auto stored = store_.room_by_id(room.id).value_or(room);
  for (const auto& s : subscriptions) {
    access_.members().add(stored.id, s.user_id);
    tell_subscription(s, "inserted", &stored);
    events_.user_event(s.user_id, "rooms-changed", json::array{"inserted", room_view(stored)});
  }
  return stored;
}

Status Rooms::set_ignored(const store::UserRecord& user, std::string_view room_id,
                          std::string_view ignored_id, bool ignore) {
  // Rocket.Chat's ignoreUser: both must be subscribed to the room.
  if (!store_.subscription(room_id, user.id) || !store_.subscription(room_id, ignored_id)) {
    return domain_error("error-invalid-subscription", "Invalid subscription");
  }
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room_id, user.id,
      [&](store::SubscriptionRecord& s) {
        auto it = std::find(s.ignored.begin(), s.ignored.end(), ignored_id);
        if (ignore == (it != s.ignored.end())) return false;
        if (ignore) {
          s.ignored.emplace_back(ignored_id);
        } else {
          s.ignored.erase(it);
        }
        return true;
      },
      &written);
  if (status == store::WriteStatus::kOk) tell_subscription(written, "updated");
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-subscription", "Invalid subscription");
  }
  return Ok{};
}

}  // namespace parley::chat
