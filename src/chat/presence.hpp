#pragma once
// DESIGN: user presence as the aggregate of a user's connections (issue 4).
//  - Each logged-in DDP connection reports itself: connected, away or back (UserPresence:away
//    / UserPresence:online), disconnected. A user is online while any connection is online,
//    away when every connection is away, offline once the last connection has been gone for
//    `offline_grace_ms` (so a page reload does not flap).
//  - Idle: a connection that never reports its own away/online (bots, scripts, SDK clients)
//    counts as away after `idle_after_ms` without a method call from it, and online again at
//    its next call. A client that sends UserPresence:away/online (Rocket.Chat's web and mobile
//    apps, which watch the user's input themselves) is trusted instead: a user reading without
//    typing must not turn away behind their client's back. The idle sweep runs in flush() over
//    the connected users only.
//  - A chosen default (setUserStatus, UserPresence:setDefaultStatus, users.setStatus) of
//    busy, away or offline ("invisible") wins over what the connections say while the user is
//    connected; it is stored with the status text and survives reconnects and restarts.
//  - Coalescing: changes only mark the user dirty. flush(), called every few hundred ms,
//    publishes each dirty user's status once, and only if it differs from what was last
//    published. A flap inside one flush interval (a reload, a reconnect storm) sends nothing.
//  - Cost model, per flush (measured in bench/presence_storm_bench.cpp, docs/benchmarks.md):
//    store writes: one job if anything changed, else none. Bus publishes: two per changed
//    user (notify-logged user-status and user-presence <uid>), so O(changes), not O(1).
//    Frames: changes x listeners of user-status, never connections x connections; each
//    change is serialised once and the buffer shared by every listener. That product is
//    inherent: Rocket.Chat clients read one user from each frame (the streamer client spreads
//    args into the handler, which takes args[0]), so changes cannot share a frame.
//    A storm of N users who drop and reconnect within the grace changes nothing: 0 writes,
//    0 publishes, 0 frames. If they were gone past the grace, 2N changes (offline, online),
//    each delivered once to every connection listening at the time.
//    CPU: the dirty users each flush, users still inside their grace again at every flush
//    until it ends, and a scan of every known user (to forget the offline ones), so an idle
//    flush costs O(users known here). Measured on 2 cores: about 10 us per change before the
//    fan-out, 0.07-0.09 us per frame; an idle flush 8 us at 1,000 users, 0.23 ms at 10,000.
//  - Broadcast off (Rocket.Chat's Presence_broadcast_disabled, set_broadcast(false)): flush()
//    still works out, stores and tells the user's own sessions (userData) every change, but
//    emits no status event (notify-logged user-status, user-presence <uid>): no frame goes to
//    anyone else, as in Rocket.Chat, whose Presence service stops calling broadcast() while
//    still writing statuses. Turning it back on announces nothing retroactively (RC neither);
//    clients catch up through users.presence. Rocket.Chat CE turns it on by itself past 200
//    connections without a licence; parley never does: it has no licence gate and is meant
//    to carry that load (issue 12), so only an admin's setting turns it on.
//  - Several instances (scale-out issue): the connection sets below are this instance's. The
//    aggregate across instances will combine per-instance summaries published on the bus;
//    the interface (connection events in, status events out) stays the same.
//  - Thread-safe: one mutex; every call is short and never blocks on the store except
//    flush(), which writes the changed statuses in one store job.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

struct PresenceOptions {
  int64_t offline_grace_ms = 5'000;
  // Accounts_Default_User_Preferences_idleTimeLimit in ms; 0 = connections never idle.
  int64_t idle_after_ms = 0;
};

// Rocket.Chat's UserStatus codes on the wire: 0 offline, 1 online, 2 away, 3 busy.
int status_code(std::string_view status);
bool is_valid_status(std::string_view status);

// This instance's view, for the operator's gauges: users by published status, and users
// with at least one connection here.
struct PresenceCounts {
  int64_t online = 0;
  int64_t away = 0;
  int64_t busy = 0;
  int64_t connected_users = 0;
  int64_t connections = 0;  // logged-in connections on this instance (presence.getConnections)
};

class Presence {
 public:
  Presence(store::Store& store, Events& events, const util::Clock& clock,
           PresenceOptions options = {});

  void connected(const store::UserRecord& user, std::string_view connection_id);
  void disconnected(std::string_view user_id, std::string_view connection_id);
  // UserPresence:away (true) / UserPresence:online (false) from one connection. From then
  // on the connection manages its own idle state.
  void set_away(std::string_view user_id, std::string_view connection_id, bool away);
  // The connection did something (a method call): it is not idle. Cheap; callers may still
  // throttle it to once a second.
  void active(std::string_view user_id, std::string_view connection_id);
  // The idle limit changed (the setting); 0 turns idle detection off.
  // Connections idle under the old limit but not the new one come back at the next flush.
  void set_idle_after_ms(int64_t idle_after_ms) {
    idle_after_ms_ = idle_after_ms;
    idle_limit_changed_ = true;
  }
  // Whether status changes are broadcast to other users (Presence_broadcast_disabled off).
  void set_broadcast(bool enabled) { broadcast_ = enabled; }
  bool broadcasting() const { return broadcast_; }
  // The user's chosen status ("online" = follow the connections) and optionally its text.
  Status set_default(const store::UserRecord& user, std::string_view status,
                     std::optional<std::string> text);

  // At start: users the store still shows as not offline (the last process crashed, or
  // exited inside someone's grace) are treated as if their connections just closed. Those
  // who reconnect within the grace keep their status without a flap; the others go offline
  // at the first flush after it. One instance owns every connection until the scale-out
  // issue; with several, this becomes per-instance summaries on the bus.
  void adopt_stored_statuses();

  // Publishes and stores what changed since the last flush. Returns the number of users
  // whose status events were published.
  std::size_t flush();

  // The status as last published ("offline" for users never seen).
  std::string status_of(std::string_view user_id);
  // What this user's connections say, ignoring the chosen status: online, away or offline
  // (Rocket.Chat's statusConnection).
  std::string connection_status(std::string_view user_id);
  PresenceCounts counts();
  // Users with at least one logged-in connection on this instance.
  std::vector<std::string> connected_user_ids();

 private:
  struct Connection {
    bool away = false;            // said so with UserPresence:away
    bool idle = false;            // no call for idle_after_ms, and does not manage its own
    bool manages_itself = false;  // has sent UserPresence:away or :online
    int64_t last_active_ms = 0;
    bool counts_as_away() const { return away || idle; }
  };
  struct UserState {
    std::string username, name;
    std::vector<std::string> roles;
    std::string default_status = "online";
    std::string text;
    std::unordered_map<std::string, Connection> connections;  // by connection id
    int64_t last_left_ms = 0;                                 // when the last connection closed
    std::string published_status = "offline";
    std::string published_text;
  };
  std::string effective(const UserState& u, int64_t now) const;
  // What the connections alone say: online if any is not away, away if all are, offline
  // with none.
  static std::string connections_status(const UserState& u);
  UserState& state_for(const store::UserRecord& user);
  // Marks connections idle past the limit; caller holds mu_.
  void sweep_idle(int64_t now);

  store::Store& store_;
  Events& events_;
  const util::Clock& clock_;
  const PresenceOptions options_;
  std::atomic<int64_t> idle_after_ms_;
  std::atomic<bool> idle_limit_changed_{false};
  std::atomic<bool> broadcast_{true};
  std::mutex mu_;
  std::unordered_map<std::string, UserState> users_;
  std::unordered_set<std::string> dirty_;
};

}  // namespace parley::chat
