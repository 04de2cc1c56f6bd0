#pragma once
// DESIGN: live events from the bus to DDP stream subscriptions (rc-api.md §3; ARCHITECTURE.md,
// fan-out).
//  - Interest: the hub holds one bus interest per subject that at least one listener needs
//    ("room.<rid>", "user.<uid>", "logged", "all", and "room.*" for the listeners that follow
//    every room: __my_messages__ and <uid>/rooms-changed), counted, and drops it with the last
//    listener. An instance therefore hears only what its own connections care about.
//  - Routing: an event is parsed once. Its frame is serialised once per distinct payload (one
//    for a room's subscribers; two for __my_messages__, which differ only in roomParticipant;
//    only <uid>/rooms-changed is written per user, because its eventName names the user).
//  - Who follows every room: __my_messages__ and <uid>/rooms-changed listeners are indexed by
//    user. A room event meets the room's members with the listening users through
//    MembershipCache::for_each_member_among, which walks the smaller side: a DM's message
//    costs two lookups, not a pass over every connected web client. Public channels pass over
//    every __my_messages__ listener (every user holding view-c-room hears them, as in
//    Rocket.Chat).
//  - Read rules per event, not only at subscribe time: a private group's or DM's events reach
//    members only, asked of the membership cache (a hash lookup, no query), so a user kicked
//    from a group stops hearing it at once. Public channel messages reach any user holding
//    view-c-room. An event carrying "origin" (a client's emit) skips that session.
//  - Delivery: listeners are grouped by event loop and each loop gets one posted batch per
//    event. Routing and posting happen under one delivery mutex, so every connection sees the
//    events of a room in the same order (the order they were published), and one publisher's
//    events in the order it published them. Presence frames (notify-logged `user-status`,
//    user-presence `<uid>`) are the exception: they are last-value and low priority, sent with
//    WebSocketPeer::send_replaceable keyed by stream and user, so the connection writes them
//    only when no other frame waits and a newer status of a user replaces one still queued
//    (issue 12: a storm of statuses must not starve chat, nor pile up behind a slow socket).
//    Per user, statuses still arrive in order, the newest last.
//  - Cost of leaving: listener lists are IndexedLists (O(1) removal), so N sessions closing
//    at once (a reconnect storm) cost O(N) under `mu_`, not O(N^2) as the vectors they
//    replaced did (docs/benchmarks.md, presence).
//  - Metrics per stream: parley_ddp_stream_subscriptions{stream} (open) and
//    parley_ddp_stream_frames_total{stream} (frames queued to connections: what was delivered).
//  - Thread-safety: add/remove come from session workers and loops, events from publishers'
//    threads. `mu_` guards the listener tables; `delivery_mu_` orders deliveries. Posting
//    never runs the batch inline, so no session callback runs under either mutex.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bus/bus.hpp"
#include "chat/membership_cache.hpp"
#include "ddp/indexed_list.hpp"
#include "metrics/registry.hpp"
#include "net/application.hpp"

namespace parley::ddp {

// One stream subscription of one DDP session.
struct StreamListener {
  std::string session_id;
  std::string sub_id;
  std::string stream;            // without "stream-": "room-messages", "notify-room", ...
  std::string event_name;        // what the client asked for: "<rid>", "__my_messages__", "<uid>/x"
  std::string user_id;           // empty when the session is not logged in
  bool can_view_public = false;  // holds view-c-room: public channels are readable unjoined
  std::shared_ptr<net::WebSocketPeer> peer;
};

class StreamHub {
 public:
  StreamHub(bus::Bus& bus, chat::MembershipCache& members, metrics::Registry& metrics);
  ~StreamHub();
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  void add(StreamListener listener);
  void remove(std::string_view session_id, std::string_view sub_id);
  void remove_session(std::string_view session_id);
  // One connection's listeners of one stream event, whichever sub opened them (the presence
  // set of RC 7's stream-user-presence, Session::run_presence_sub).
  void remove_event(std::string_view session_id, std::string_view stream,
                    std::string_view event_name);
  // How many listeners a connection holds on `stream`, and whether one is for `event_name`.
  std::size_t count(std::string_view session_id, std::string_view stream,
                    std::string_view event_name = {});

  // The subjects a listener needs (exposed for tests and for the rules that validate names).
  static std::vector<std::string> subjects_for(std::string_view stream,
                                               std::string_view event_name);

 private:
  using ListenerPtr = std::shared_ptr<const StreamListener>;
  struct Interest {
    bus::InterestId id = 0;
    std::size_t listeners = 0;
  };

  // Which listeners a delivery is for: those keyed by the exact subject it came through, or
  // those that follow every room (__my_messages__, <uid>/rooms-changed) via "room.*".
  enum class Route { kExactListeners, kEveryRoomListeners };
  void on_event(const bus::Payload& payload, Route route);
  void retain(const std::string& subject);
  void release(const std::string& subject);
  void erase_listener(const ListenerPtr& listener);
  static std::string key(std::string_view stream, std::string_view event_name);

  bus::Bus& bus_;
  chat::MembershipCache& members_;
  // Per stream ("stream-room-messages", ...): subscriptions open, frames queued.
  struct StreamMetrics {
    metrics::Gauge* subscriptions;
    metrics::Counter* frames;
  };
  StreamMetrics& metrics_for(std::string_view stream);  // caller holds mu_

  metrics::Registry& metrics_;
  metrics::Counter& events_routed_;
  std::map<std::string, StreamMetrics, std::less<>> stream_metrics_;

  std::mutex mu_;
  using Listeners = IndexedList<const StreamListener>;
  std::unordered_map<std::string, Listeners> by_key_;
  Listeners my_messages_;  // room-messages "__my_messages__" (public channels walk them all)
  // Every-room listeners by user id (logged-in ones only: the others never receive room
  // events): __my_messages__, and notify-user "<uid>/rooms-changed".
  using ByUser = std::unordered_map<std::string, Listeners>;
  ByUser my_messages_by_user_;
  ByUser rooms_changed_by_user_;
  static void index_by_user(ByUser& index, const ListenerPtr& listener);
  static void unindex_by_user(ByUser& index, const ListenerPtr& listener);
  // Calls fn(listener) for each listener in `by_user` whose user is a member of `room_id`.
  // Caller holds mu_.
  template <class Fn>
  void for_each_member_listener(std::string_view room_id, const ByUser& by_user, Fn&& fn);
  std::unordered_map<std::string, std::vector<ListenerPtr>> by_session_;
  std::map<std::string, Interest> interests_;

  std::mutex delivery_mu_;
};

}  // namespace parley::ddp
