#include "chat/badge_updates.hpp"

#include <boost/json/array.hpp>
#include <exception>
#include <utility>

#include "chat/notifications.hpp"
#include "chat/room_views.hpp"

namespace parley::chat {

namespace json = boost::json;

void BadgeUpdates::follow(Messages& messages) {
  messages.on_room_message(
      [this](const store::RoomRecord& room, const json::object&, bool removed) {
        if (!removed && room.users_count > static_cast<int64_t>(kNotificationsMaxRoomMembers)) {
          mark(room.id);
        }
      });
}

void BadgeUpdates::mark(std::string_view room_id) {
  std::lock_guard lock(mu_);
  marked_.emplace(room_id);
}

std::size_t BadgeUpdates::flush() {
  const int64_t now = clock_.now_ms();
  std::vector<std::string> rooms;
  {
    std::lock_guard lock(mu_);
    if (marked_.empty()) return 0;
    std::erase_if(last_flush_ms_,
                  [&](const auto& entry) { return now - entry.second >= window_ms_; });
    // A room flushed within the window stays marked for a later tick.
    for (auto it = marked_.begin(); it != marked_.end();) {
      if (last_flush_ms_.count(*it)) {
        ++it;
        continue;
      }
      last_flush_ms_.emplace(*it, now);
      rooms.push_back(*it);
      it = marked_.erase(it);
    }
  }
  if (rooms.empty()) return 0;
  const auto connected = connected_users_();
  if (connected.empty()) return 0;
  const std::unordered_set<std::string> online(connected.begin(), connected.end());
  std::exception_ptr throw_later;
  std::size_t sent = 0;
  for (const auto& room_id : rooms) {
    try {
      sent += flush_room(room_id, online);
    } catch (const std::exception&) {
      mark(room_id);  // tried again at a later tick; the other rooms still go out
      throw_later = std::current_exception();
    }
  }
  if (throw_later) std::rethrow_exception(throw_later);
  return sent;
}

std::size_t BadgeUpdates::flush_room(const std::string& room_id,
                                     const std::unordered_set<std::string>& online) {
  std::size_t sent = 0;
  const auto room = store_.room_by_id(room_id);  // for the subscriptions' teamId / teamMain
  if (!room) return 0;
  auto tell = [&](const store::SubscriptionRecord& s) {
    events_.user_event(s.user_id, "subscriptions-changed",
                       json::array{"updated", subscription_view(s, &*room)});
    ++sent;
  };
  std::vector<std::string> online_members;
  members_.for_each_member_among(
      room_id, online, [&](const std::string& user_id) { online_members.push_back(user_id); });
  if (online_members.empty()) return 0;
  // A point read costs a few index probes; a row of the whole-room read much less. Past about
  // one online member in eight, reading the room once is cheaper.
  if (online_members.size() * 8 < static_cast<std::size_t>(room->users_count)) {
    for (const auto& user_id : online_members) {
      if (auto s = store_.subscription(room_id, user_id)) tell(*s);
    }
  } else {
    for (const auto& s : store_.room_members(room_id, 0, 0).subscriptions) {
      if (online.count(s.user_id)) tell(s);
    }
  }
  return sent;
}

}  // namespace parley::chat
