#pragma once
// DESIGN: the load generator's book of every message it sent and every copy it should get.
//  - Before a sendMessage leaves, the sender enters the message: its id, room, send time
//    (steady clock) and the expected recipients (client, connection generation, kind), chosen
//    by the Audience. Copies may arrive before the server's answer, so the entry exists first;
//    the answer confirms it (only confirmed messages are counted) or fails it (nothing is
//    expected: the server refused it, which the caller counts as an error).
//  - An exact copy (room stream, __my_messages__) marks its recipient delivered; a second exact
//    copy at the same client is a duplicate. The sender's own copy is counted apart (Rocket.Chat
//    and parley both echo a message to its sender's room stream; the workload measures
//    "every other member"). A copy at a client that is not a recipient is "unexpected".
//  - rooms-changed is last-value: it carries the room's current lastMessage, so two close
//    messages may both be announced by the second. A rooms-changed naming message m marks m
//    and every earlier message of that room (in send order) that the client still awaits as
//    delivered, at that moment; the earlier ones count as "superseded". Repeats are normal
//    (the room changes for other reasons) and are never duplicates. A lastMessage the ledger
//    never sent (seeded history) is counted as "other".
//  - A client whose connection ends (the storm, or a cut) bumps its generation: copies its old
//    connection still awaited are "excused", not lost: the connection they were owed to is
//    gone (a real client would sync on reconnect; the generator does not).
//  - Memory stays bounded by what is in flight: an entry whose recipients all have their copy
//    and that is confirmed is folded into the totals and freed. Only message id -> send order
//    is kept for the run (for last-value lookups), ~40 bytes a message.
//  - Thread-safety: shards by room id, each behind its own mutex; clients on many io threads
//    call in concurrently. Generations are atomics (read by the Audience when it picks
//    recipients, written by the client's own thread).
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "load/client_kind.hpp"
#include "load/histogram.hpp"

namespace parley::load {

struct Recipient {
  uint32_t client = 0;
  uint32_t generation = 0;
  ClientKind kind = ClientKind::kWeb;
  // Hears the room but was (re)subscribing when the message was sent: its copy may come or not
  // (the server may have its subscriptions before their `ready` reached the client), so it is
  // neither owed nor unexpected.
  bool optional = false;
};

struct KindTally {
  uint64_t expected = 0;    // copies owed (confirmed messages only)
  uint64_t delivered = 0;   // of those, received (exact or last-value)
  uint64_t superseded = 0;  // of delivered: by a rooms-changed naming a later message
  uint64_t excused = 0;     // owed to a connection that ended before it arrived
  uint64_t lost = 0;        // expected - delivered - excused
  uint64_t duplicates = 0;  // second exact copies at one client
  Histogram latency;        // microseconds, send to receipt
};

struct LedgerTally {
  uint64_t messages = 0;     // entered
  uint64_t confirmed = 0;    // answered without error
  uint64_t failed = 0;       // answered with an error
  uint64_t unconfirmed = 0;  // no answer (the sender's connection ended first)
  std::array<KindTally, kKindCount> by_kind{};
  KindTally total;
  uint64_t self_copies = 0;    // a sender's copy of its own message
  uint64_t unexpected = 0;     // exact copies at clients that were not recipients
  uint64_t unknown = 0;        // exact copies of ids the ledger never entered (or failed)
  uint64_t sidebar_other = 0;  // rooms-changed naming a message this run did not send
  // Copies of messages sent inside the storm window (set_storm_window), every kind together:
  // does chat keep flowing while everyone reconnects?
  Histogram storm_latency;  // microseconds
};

class DeliveryLedger {
 public:
  explicit DeliveryLedger(std::size_t clients);
  ~DeliveryLedger();
  DeliveryLedger(const DeliveryLedger&) = delete;
  DeliveryLedger& operator=(const DeliveryLedger&) = delete;

  // Before the send leaves. `recipients` need not be sorted.
  void expect(std::string message_id, std::string room_id, uint32_t sender, int64_t sent_ns,
              std::vector<Recipient> recipients);
  void confirm(std::string_view message_id, std::string_view room_id);
  void fail(std::string_view message_id, std::string_view room_id);

  // An exact copy of `message_id` (in `room_id`) at `client`.
  void copy(uint32_t client, std::string_view room_id, std::string_view message_id, int64_t now_ns);
  // rooms-changed at `client`: room `room_id`'s last message is now `last_message_id`.
  void sidebar(uint32_t client, std::string_view room_id, std::string_view last_message_id,
               int64_t now_ns);

  uint32_t generation(uint32_t client) const;
  void connection_ended(uint32_t client);

  // Messages sent in [from_ns, to_ns) also count in LedgerTally::storm_latency.
  void set_storm_window(int64_t from_ns, int64_t to_ns) {
    storm_to_ns_ = to_ns;
    storm_from_ns_ = from_ns;
  }

  // Copies still owed to live connections for confirmed messages: the drain waits for 0.
  uint64_t awaited() const;
  // The totals; call once activity has stopped (after the drain). Idempotent.
  LedgerTally tally() const;

 private:
  struct Shard;
  Shard& shard_for(std::string_view room_id) const;

  std::vector<std::atomic<uint32_t>> generations_;
  std::atomic<uint64_t> next_seq_{1};
  std::atomic<int64_t> storm_from_ns_{0};
  std::atomic<int64_t> storm_to_ns_{0};
  static constexpr std::size_t kShards = 32;
  std::array<std::unique_ptr<Shard>, kShards> shards_;
};

}  // namespace parley::load
