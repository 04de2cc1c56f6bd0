#pragma once
// DESIGN: live unread badges in big rooms, at a cost that follows the members online.
//  - In rooms up to Notifications_Max_Room_Members, chat/messages tells every member their
//    subscription at once (subscriptions-changed). Beyond that (#general: thousands of rows per
//    message) it tells only the mentioned, so a web client's badge and bold state for the room
//    would stand still until it reloads; Rocket.Chat sends it to every member.
//  - Here a message in a big room only marks the room. flush(), on the supervisor's tick
//    (about 200 ms), sends each marked room's subscription to its members who are connected to
//    this instance, at most once per room per `window_ms` (1 s) however many messages arrived:
//    a badge moves within about a second, and a busy room costs one update per online member
//    per second. (#general at the x10 day: 9,000 online members, 3 messages a second. Sending
//    every message, as Rocket.Chat does, would be 27,000 frames a second for badges alone.)
//  - Who is online comes from the caller (Presence's connected users), so each instance serves
//    its own connections when there are several.
//  - Reading the subscriptions: one point read per online member when they are few next to
//    the room's size, else one read of the whole room filtered by the online set; whichever
//    touches fewer rows.
//  - Thread-safe: mark() from any worker; flush() from one thread at a time.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat/events.hpp"
#include "chat/membership_cache.hpp"
#include "chat/messages.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

class BadgeUpdates {
 public:
  using ConnectedUsers = std::function<std::vector<std::string>()>;
  BadgeUpdates(store::Store& store, Events& events, MembershipCache& members,
               const util::Clock& clock, ConnectedUsers connected_users, int64_t window_ms = 1'000)
      : store_(store),
        events_(events),
        members_(members),
        clock_(clock),
        connected_users_(std::move(connected_users)),
        window_ms_(window_ms) {}

  // From now on, every message stored in a room over Notifications_Max_Room_Members marks it.
  void follow(Messages& messages);
  // A message landed in a room that chat/messages does not update member by member.
  void mark(std::string_view room_id);

  // Sends the marked rooms' subscriptions to their online members. Returns how many
  // subscriptions-changed events were published.
  std::size_t flush();

 private:
  std::size_t flush_room(const std::string& room_id, const std::unordered_set<std::string>& online);

  store::Store& store_;
  Events& events_;
  MembershipCache& members_;
  const util::Clock& clock_;
  ConnectedUsers connected_users_;
  const int64_t window_ms_;
  std::mutex mu_;
  std::unordered_set<std::string> marked_;
  // When each room was last flushed (rooms flushed within the window only; pruned by flush).
  std::unordered_map<std::string, int64_t> last_flush_ms_;
};

}  // namespace parley::chat
