#include "load/delivery_ledger.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <unordered_map>

namespace parley::load {
namespace {

// A complete entry (confirmed, every copy in) stays this long before it is folded, so a second
// path's copy (a web client's room stream after its rooms-changed) still finds it and is not
// mistaken for a stray.
constexpr int64_t kCompleteGraceNs = 5'000'000'000;

enum : uint8_t {
  kDelivered = 1,   // counted as delivered (exact or last-value)
  kExact = 2,       // an exact copy arrived
  kSuperseded = 4,  // delivered by a rooms-changed naming a later message
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Entry {
  std::string id;
  std::string room;
  uint32_t sender = 0;
  int64_t sent_ns = 0;
  uint64_t seq = 0;
  bool confirmed = false;
  std::vector<Recipient> recipients;  // sorted by client
  std::vector<uint8_t> state;         // per recipient
  std::size_t awaiting = 0;
  int64_t completed_ns = 0;  // when confirmed with nothing awaited; 0 = not complete

  int find(uint32_t client) const {
    auto it = std::lower_bound(recipients.begin(), recipients.end(), client,
                               [](const Recipient& r, uint32_t c) { return r.client < c; });
    if (it == recipients.end() || it->client != client) return -1;
    return static_cast<int>(it - recipients.begin());
  }
};

struct Sent {
  uint64_t seq = 0;
  uint32_t sender = 0;
};

}  // namespace

struct DeliveryLedger::Shard {
  mutable std::mutex mu;
  StringMap<std::unique_ptr<Entry>> live;
  StringMap<Sent> sent;                       // every id entered this run: send order, sender
  StringMap<std::vector<Entry*>> room_order;  // live entries of a room, in send order
  std::deque<Entry*> complete;                // in completion order, for the grace sweep
  uint64_t next_seq = 1;
  LedgerTally folded;  // what has been folded (by_kind, counters); totals are summed at tally

  // The storm window (DeliveryLedger::set_storm_window), passed in by the ledger.
  int64_t storm_from_ns = 0, storm_to_ns = 0;

  void deliver(Entry& e, int i, uint8_t how, int64_t now_ns) {
    uint8_t& s = e.state[static_cast<std::size_t>(i)];
    if (e.recipients[static_cast<std::size_t>(i)].optional) {
      s |= kDelivered | how;  // not owed: no count, no latency sample
      return;
    }
    if ((s & kDelivered) == 0) {
      s |= kDelivered;
      if (how & kSuperseded) s |= kSuperseded;
      --e.awaiting;
      const auto kind = static_cast<std::size_t>(e.recipients[static_cast<std::size_t>(i)].kind);
      folded.by_kind[kind].latency.record((now_ns - e.sent_ns) / 1000);
      if (storm_from_ns > 0 && e.sent_ns >= storm_from_ns && e.sent_ns < storm_to_ns) {
        folded.storm_latency.record((now_ns - e.sent_ns) / 1000);
      }
    }
    if (how & kExact) s |= kExact;
    mark_complete_if_done(e, now_ns);
  }

  void mark_complete_if_done(Entry& e, int64_t now_ns) {
    if (e.confirmed && e.awaiting == 0 && e.completed_ns == 0) {
      e.completed_ns = std::max<int64_t>(now_ns, 1);
      complete.push_back(&e);
    }
  }

  // Adds an entry's recipients to `into`. Unconfirmed entries owe nothing.
  static void fold_into(const Entry& e, LedgerTally& into,
                        const std::vector<std::atomic<uint32_t>>& generations) {
    if (!e.confirmed) {
      ++into.unconfirmed;
      return;
    }
    for (std::size_t i = 0; i < e.recipients.size(); ++i) {
      const Recipient& r = e.recipients[i];
      if (r.optional) continue;
      KindTally& t = into.by_kind[static_cast<std::size_t>(r.kind)];
      ++t.expected;
      const uint8_t s = e.state[i];
      if (s & kDelivered) {
        ++t.delivered;
        if (s & kSuperseded) ++t.superseded;
      } else if (generations[r.client].load() != r.generation) {
        ++t.excused;
      } else {
        ++t.lost;
      }
    }
  }

  void erase(Entry* e) {
    auto ro = room_order.find(e->room);
    if (ro != room_order.end()) {
      auto& v = ro->second;
      v.erase(std::remove(v.begin(), v.end(), e), v.end());
      if (v.empty()) room_order.erase(ro);
    }
    live.erase(e->id);
  }

  void sweep(int64_t now_ns, const std::vector<std::atomic<uint32_t>>& generations) {
    while (!complete.empty() && complete.front()->completed_ns + kCompleteGraceNs < now_ns) {
      Entry* e = complete.front();
      complete.pop_front();
      fold_into(*e, folded, generations);
      erase(e);
    }
  }
};

DeliveryLedger::DeliveryLedger(std::size_t clients) : generations_(clients) {
  for (auto& s : shards_) s = std::make_unique<Shard>();
}

DeliveryLedger::~DeliveryLedger() = default;

DeliveryLedger::Shard& DeliveryLedger::shard_for(std::string_view room_id) const {
  return *shards_[std::hash<std::string_view>{}(room_id) % kShards];
}

uint32_t DeliveryLedger::generation(uint32_t client) const {
  return client < generations_.size() ? generations_[client].load() : 0;
}

void DeliveryLedger::connection_ended(uint32_t client) {
  if (client < generations_.size()) generations_[client].fetch_add(1);
}

void DeliveryLedger::expect(std::string message_id, std::string room_id, uint32_t sender,
                            int64_t sent_ns, std::vector<Recipient> recipients) {
  std::sort(recipients.begin(), recipients.end(),
            [](const Recipient& a, const Recipient& b) { return a.client < b.client; });
  recipients.erase(
      std::unique(recipients.begin(), recipients.end(),
                  [](const Recipient& a, const Recipient& b) { return a.client == b.client; }),
      recipients.end());
  auto e = std::make_unique<Entry>();
  e->id = std::move(message_id);
  e->room = std::move(room_id);
  e->sender = sender;
  e->sent_ns = sent_ns;
  e->state.assign(recipients.size(), 0);
  e->awaiting = static_cast<std::size_t>(std::count_if(
      recipients.begin(), recipients.end(), [](const Recipient& r) { return !r.optional; }));
  e->recipients = std::move(recipients);

  Shard& s = shard_for(e->room);
  std::lock_guard lock(s.mu);
  s.sweep(sent_ns, generations_);
  e->seq = s.next_seq++;
  if (!s.sent.emplace(e->id, Sent{e->seq, sender}).second) return;  // an id twice: ignore
  ++s.folded.messages;
  Entry* raw = e.get();
  s.room_order[raw->room].push_back(raw);
  s.live.emplace(raw->id, std::move(e));
}

void DeliveryLedger::confirm(std::string_view message_id, std::string_view room_id) {
  Shard& s = shard_for(room_id);
  std::lock_guard lock(s.mu);
  auto it = s.live.find(message_id);
  if (it == s.live.end() || it->second->confirmed) return;
  Entry& e = *it->second;
  e.confirmed = true;
  ++s.folded.confirmed;
  s.mark_complete_if_done(e, e.sent_ns);
}

void DeliveryLedger::fail(std::string_view message_id, std::string_view room_id) {
  Shard& s = shard_for(room_id);
  std::lock_guard lock(s.mu);
  auto it = s.live.find(message_id);
  if (it == s.live.end() || it->second->confirmed) return;
  ++s.folded.failed;
  s.erase(it->second.get());
}

void DeliveryLedger::copy(uint32_t client, std::string_view room_id, std::string_view message_id,
                          int64_t now_ns) {
  Shard& s = shard_for(room_id);
  std::lock_guard lock(s.mu);
  auto it = s.live.find(message_id);
  if (it == s.live.end()) {
    auto sent = s.sent.find(message_id);
    if (sent == s.sent.end()) {
      ++s.folded.unknown;
    } else if (sent->second.sender == client) {
      ++s.folded.self_copies;
    } else {
      ++s.folded.unexpected;  // long after every copy was in, or after the server refused it
    }
    return;
  }
  Entry& e = *it->second;
  if (client == e.sender) {
    ++s.folded.self_copies;
    return;
  }
  const int i = e.find(client);
  if (i < 0) {
    ++s.folded.unexpected;
    return;
  }
  if (e.state[static_cast<std::size_t>(i)] & kExact) {
    ++s.folded.by_kind[static_cast<std::size_t>(e.recipients[static_cast<std::size_t>(i)].kind)]
          .duplicates;
    return;
  }
  s.storm_from_ns = storm_from_ns_;
  s.storm_to_ns = storm_to_ns_;
  s.deliver(e, i, kExact, now_ns);
}

void DeliveryLedger::sidebar(uint32_t client, std::string_view room_id,
                             std::string_view last_message_id, int64_t now_ns) {
  Shard& s = shard_for(room_id);
  std::lock_guard lock(s.mu);
  auto sent = s.sent.find(last_message_id);
  if (sent == s.sent.end()) {
    ++s.folded.sidebar_other;
    return;
  }
  const uint64_t upto = sent->second.seq;
  auto ro = s.room_order.find(room_id);
  if (ro == s.room_order.end()) return;
  // Copy: deliver() may complete entries but never erases them (only sweep does).
  for (Entry* e : ro->second) {
    if (e->seq > upto) break;
    if (e->sender == client) continue;
    const int i = e->find(client);
    if (i < 0) continue;
    s.storm_from_ns = storm_from_ns_;
    s.storm_to_ns = storm_to_ns_;
    s.deliver(*e, i, e->seq == upto ? uint8_t{0} : uint8_t{kSuperseded}, now_ns);
  }
}

uint64_t DeliveryLedger::awaited() const {
  uint64_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    for (const auto& [id, e] : s->live) {
      if (!e->confirmed) continue;
      for (std::size_t i = 0; i < e->recipients.size(); ++i) {
        if ((e->state[i] & kDelivered) == 0 && !e->recipients[i].optional &&
            generations_[e->recipients[i].client].load() == e->recipients[i].generation) {
          ++n;
        }
      }
    }
  }
  return n;
}

LedgerTally DeliveryLedger::tally() const {
  LedgerTally out;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    LedgerTally t = s->folded;
    for (const auto& [id, e] : s->live) Shard::fold_into(*e, t, generations_);
    out.messages += t.messages;
    out.confirmed += t.confirmed;
    out.failed += t.failed;
    out.unconfirmed += t.unconfirmed;
    out.self_copies += t.self_copies;
    out.unexpected += t.unexpected;
    out.unknown += t.unknown;
    out.sidebar_other += t.sidebar_other;
    out.storm_latency.merge(t.storm_latency);
    for (std::size_t k = 0; k < out.by_kind.size(); ++k) {
      KindTally& o = out.by_kind[k];
      const KindTally& i = t.by_kind[k];
      o.expected += i.expected;
      o.delivered += i.delivered;
      o.superseded += i.superseded;
      o.excused += i.excused;
      o.lost += i.lost;
      o.duplicates += i.duplicates;
      o.latency.merge(i.latency);
    }
  }
  for (const KindTally& k : out.by_kind) {
    out.total.expected += k.expected;
    out.total.delivered += k.delivered;
    out.total.superseded += k.superseded;
    out.total.excused += k.excused;
    out.total.lost += k.lost;
    out.total.duplicates += k.duplicates;
    out.total.latency.merge(k.latency);
  }
  return out;
}

}  // namespace parley::load
