#pragma once
// DESIGN: who should receive a message in a room, as the generator knows it.
//  - Each client registers the rooms through which it hears a room's messages once, at its
//    first login: web and sdk clients every room rooms/get listed (web hears them through
//    rooms-changed or an open room stream, sdk through __my_messages__); legacy and bot
//    clients the rooms whose stream they subscribed (a cap can leave some out).
//  - sdk clients also hear every public channel, member or not: Rocket.Chat's __my_messages__
//    is readable with view-c-room (rc7-client-streams.md §3), and parley does the same.
//  - A client is owed a copy only while it is ready (logged in, every subscription answered):
//    a message sent while it reconnects is not owed to it, but listed as an optional recipient,
//    since the server may already hold its new subscriptions. Its generation is read before its
//    ready flag, so a client that drops meanwhile is owed under its old generation (excused
//    in the tally), never under the new connection that has not subscribed yet.
//  - Thread-safety: a shared_mutex over the room table (written at logins, read per send);
//    ready flags are atomics.
#include <atomic>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "load/client_kind.hpp"
#include "load/delivery_ledger.hpp"

namespace parley::load {

class Audience {
 public:
  Audience(std::vector<ClientKind> kinds, const DeliveryLedger& ledger);

  void hears_rooms(uint32_t client, const std::vector<std::string>& room_ids);
  void set_ready(uint32_t client, bool ready);
  bool ready(uint32_t client) const { return ready_[client].load(); }

  // The recipients of a message from `sender` in `room_id` of type `room_type` ('c', 'p', 'd').
  std::vector<Recipient> recipients(std::string_view room_id, char room_type,
                                    uint32_t sender) const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const std::vector<ClientKind> kinds_;
  const DeliveryLedger& ledger_;
  std::vector<std::atomic<bool>> ready_;
  std::vector<uint32_t> sdk_clients_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> listeners_;
};

}  // namespace parley::load
