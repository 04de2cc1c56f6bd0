#pragma once
// DESIGN: the one pub/sub path for realtime events (ARCHITECTURE.md: "one pub/sub broker;
// an instance subscribes only to subjects its own connections care about").
//  - Subjects name who cares: "room.<rid>", "user.<uid>", "logged", "all".
//  - chat/ publishes an event only after the write it describes has committed; the payload
//    is the event as JSON text (see chat/events.hpp), so a networked bus (NATS, later)
//    carries it unchanged.
//  - A subscriber states interest per subject; the bus calls its handler once per event per
//    interest, on whatever thread delivers (the publisher's for LocalBus, the client
//    library's for NATS). Handlers must be quick and non-blocking: they post work elsewhere.
//  - Payloads are shared and immutable: a handler may keep the pointer.
//  - A subject ending in ".*" is a wildcard for exactly one more token, as in NATS:
//    "room.*" hears every "room.<rid>". Ids never contain dots, so one token is one id.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace parley::bus {

using Payload = std::shared_ptr<const std::string>;
using Handler = std::function<void(const std::string& subject, const Payload& payload)>;
using InterestId = uint64_t;

class Bus {
 public:
  virtual ~Bus() = default;
  virtual void publish(const std::string& subject, Payload payload) = 0;
  // Starts delivery of `subject` to `handler`. Thread-safe.
  virtual InterestId subscribe(const std::string& subject, Handler handler) = 0;
  // Stops it. A publish already under way on another thread may still call the handler once
  // more, so handlers must tolerate a late delivery (hold weak references). Thread-safe.
  virtual void unsubscribe(InterestId id) = 0;
};

inline std::string room_subject(std::string_view room_id) {
  return "room." + std::string(room_id);
}
inline std::string user_subject(std::string_view user_id) {
  return "user." + std::string(user_id);
}
inline constexpr const char* kEveryRoomSubject = "room.*";
inline constexpr const char* kLoggedSubject = "logged";
inline constexpr const char* kAllSubject = "all";
// Login tokens removed (logout, logoutOtherClients, deactivation, ...): every instance listens
// for its whole life and ends the DDP sessions using them (ddp/login_registry.hpp).
inline constexpr const char* kTokensSubject = "tokens";
// A permission's roles or a role changed: every instance's permission cache applies it for its
// whole life (chat/permission_cache.hpp).
inline constexpr const char* kPermissionsSubject = "permissions";

}  // namespace parley::bus
