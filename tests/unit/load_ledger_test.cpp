// The load generator's delivery accounting: exact copies, last-value rooms-changed, duplicates,
// strays, losses and copies owed to connections that ended.
#include <gtest/gtest.h>

#include <algorithm>

#include "load/audience.hpp"
#include "load/delivery_ledger.hpp"
#include "load/histogram.hpp"

namespace parley::load {
namespace {

constexpr int64_t kMs = 1'000'000;

std::vector<Recipient> to(std::initializer_list<uint32_t> clients, ClientKind kind) {
  std::vector<Recipient> out;
  for (uint32_t c : clients) out.push_back({c, 0, kind});
  return out;
}

TEST(LoadLedger, ExactCopiesDeliverAndRepeatsAreDuplicates) {
  DeliveryLedger ledger(4);
  ledger.expect("M1", "R", 0, 0, to({1, 2}, ClientKind::kBot));
  ledger.copy(1, "R", "M1", 3 * kMs);
  ledger.confirm("M1", "R");
  ledger.copy(0, "R", "M1", 4 * kMs);  // the sender's own copy
  ledger.copy(3, "R", "M1", 4 * kMs);  // not a member
  ledger.copy(1, "R", "M1", 5 * kMs);  // again
  EXPECT_EQ(ledger.awaited(), 1u);
  auto t = ledger.tally();
  EXPECT_EQ(t.total.expected, 2u);
  EXPECT_EQ(t.total.delivered, 1u);
  EXPECT_EQ(t.total.lost, 1u);
  EXPECT_EQ(t.total.duplicates, 1u);
  EXPECT_EQ(t.self_copies, 1u);
  EXPECT_EQ(t.unexpected, 1u);
  EXPECT_EQ(t.total.latency.count(), 1u);
  EXPECT_NEAR(t.total.latency.max(), 3000, 100);  // microseconds

  ledger.copy(2, "R", "M1", 9 * kMs);
  t = ledger.tally();
  EXPECT_EQ(t.total.lost, 0u);
  EXPECT_EQ(t.total.delivered, 2u);
  EXPECT_EQ(ledger.awaited(), 0u);
}

TEST(LoadLedger, RoomsChangedIsLastValue) {
  DeliveryLedger ledger(3);
  // Two close messages in one room; the client hears only the second as lastMessage.
  ledger.expect("A", "R", 0, 1 * kMs, to({1, 2}, ClientKind::kWeb));
  ledger.expect("B", "R", 0, 2 * kMs, to({1, 2}, ClientKind::kWeb));
  ledger.expect("C", "S", 0, 2 * kMs, to({1}, ClientKind::kWeb));  // another room
  for (const char* id : {"A", "B"}) ledger.confirm(id, "R");
  ledger.confirm("C", "S");
  ledger.sidebar(1, "R", "B", 10 * kMs);
  auto t = ledger.tally();
  EXPECT_EQ(t.total.expected, 5u);
  EXPECT_EQ(t.total.delivered, 2u);   // A (superseded) and B at client 1
  EXPECT_EQ(t.total.superseded, 1u);  // A
  EXPECT_EQ(t.total.lost, 3u);        // client 2's A and B, and C (other room)

  // The first message alone does not cover the later one.
  ledger.sidebar(2, "R", "A", 11 * kMs);
  t = ledger.tally();
  EXPECT_EQ(t.by_kind[0].delivered, 3u);
  EXPECT_EQ(t.total.lost, 2u);
  // Repeats and a room stream copy after a rooms-changed are neither duplicates nor strays.
  ledger.sidebar(1, "R", "B", 12 * kMs);
  ledger.copy(1, "R", "B", 12 * kMs);
  ledger.sidebar(2, "R", "B", 12 * kMs);
  ledger.sidebar(1, "S", "C", 12 * kMs);
  t = ledger.tally();
  EXPECT_EQ(t.total.duplicates, 0u);
  EXPECT_EQ(t.unexpected, 0u);
  EXPECT_EQ(t.total.lost, 0u);
  EXPECT_EQ(t.total.delivered, 5u);
  // A lastMessage this run never sent (seeded history) is counted apart.
  ledger.sidebar(1, "R", "seeded", 13 * kMs);
  EXPECT_EQ(ledger.tally().sidebar_other, 1u);
}

TEST(LoadLedger, UnconfirmedAndFailedMessagesOweNothing) {
  DeliveryLedger ledger(3);
  ledger.expect("U", "R", 0, 0, to({1}, ClientKind::kSdk));  // never answered
  ledger.expect("F", "R", 0, 0, to({1}, ClientKind::kSdk));
  ledger.fail("F", "R");
  ledger.copy(1, "R", "F", kMs);  // the server refused it, yet a copy came
  ledger.copy(1, "R", "nope", kMs);
  const auto t = ledger.tally();
  EXPECT_EQ(t.messages, 2u);
  EXPECT_EQ(t.failed, 1u);
  EXPECT_EQ(t.unconfirmed, 1u);
  EXPECT_EQ(t.total.expected, 0u);
  EXPECT_EQ(t.total.lost, 0u);
  EXPECT_EQ(t.unexpected, 1u);
  EXPECT_EQ(t.unknown, 1u);
}

TEST(LoadLedger, CopiesOwedToAnEndedConnectionAreExcused) {
  DeliveryLedger ledger(3);
  ledger.expect("M", "R", 0, 0,
                {{1, ledger.generation(1), ClientKind::kLegacy},
                 {2, ledger.generation(2), ClientKind::kLegacy}});
  ledger.confirm("M", "R");
  ledger.connection_ended(1);
  EXPECT_EQ(ledger.awaited(), 1u);  // only client 2 is still owed
  const auto t = ledger.tally();
  EXPECT_EQ(t.total.excused, 1u);
  EXPECT_EQ(t.total.lost, 1u);
}

TEST(LoadLedger, CompleteEntriesAreFoldedAndTheTotalsStay) {
  DeliveryLedger ledger(2);
  for (int i = 0; i < 100; ++i) {
    const std::string id = "M" + std::to_string(i);
    // Each send sweeps entries complete for more than 5 s.
    ledger.expect(id, "R", 0, i * 1000 * kMs, to({1}, ClientKind::kBot));
    ledger.confirm(id, "R");
    ledger.copy(1, "R", id, i * 1000 * kMs + kMs);
  }
  const auto t = ledger.tally();
  EXPECT_EQ(t.total.expected, 100u);
  EXPECT_EQ(t.total.delivered, 100u);
  EXPECT_EQ(t.confirmed, 100u);
  // A copy long after its message was folded is a stray, not a crash or a new delivery.
  ledger.copy(1, "R", "M0", 200'000 * kMs);
  EXPECT_EQ(ledger.tally().unexpected, 1u);
  EXPECT_EQ(ledger.tally().total.delivered, 100u);
}

TEST(LoadAudience, MembersThatAreReadyAndSdkForChannels) {
  std::vector<ClientKind> kinds{ClientKind::kWeb, ClientKind::kWeb, ClientKind::kSdk,
                                ClientKind::kBot};
  DeliveryLedger ledger(kinds.size());
  Audience audience(kinds, ledger);
  audience.hears_rooms(0, {"D", "C"});
  audience.hears_rooms(1, {"D"});
  audience.hears_rooms(3, {"C"});
  for (uint32_t c = 0; c < 4; ++c) audience.set_ready(c, true);
  auto r = audience.recipients("D", 'd', 0);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].client, 1u);
  // The sdk client is no member of C but reads every public channel through __my_messages__.
  r = audience.recipients("C", 'c', 0);
  ASSERT_EQ(r.size(), 2u);
  audience.set_ready(3, false);
  ledger.connection_ended(2);
  r = audience.recipients("C", 'c', 1);
  std::sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.client < b.client; });
  ASSERT_EQ(r.size(), 3u);  // 0 (web member), 2 (sdk), and 3, not ready: optional
  EXPECT_EQ(r[1].client, 2u);
  EXPECT_EQ(r[1].generation, 1u);
  EXPECT_FALSE(r[1].optional);
  EXPECT_EQ(r[2].client, 3u);
  EXPECT_TRUE(r[2].optional);
}

TEST(LoadLedger, OptionalRecipientsAreNeitherOwedNorStrays) {
  DeliveryLedger ledger(4);
  ledger.expect("M", "R", 0, 0,
                {{1, 0, ClientKind::kBot, false},
                 {2, 0, ClientKind::kBot, true},
                 {3, 0, ClientKind::kWeb, true}});
  ledger.confirm("M", "R");
  EXPECT_EQ(ledger.awaited(), 1u);
  ledger.copy(2, "R", "M", kMs);  // a resubscribing client got it after all
  ledger.copy(1, "R", "M", kMs);
  EXPECT_EQ(ledger.awaited(), 0u);
  const auto t = ledger.tally();  // client 3 never got it: fine
  EXPECT_EQ(t.total.expected, 1u);
  EXPECT_EQ(t.total.delivered, 1u);
  EXPECT_EQ(t.total.lost, 0u);
  EXPECT_EQ(t.unexpected, 0u);
  EXPECT_EQ(t.total.latency.count(), 1u);
}

TEST(LoadHistogram, QuantilesWithinABucket) {
  Histogram h;
  EXPECT_EQ(h.quantile(0.5), 0);
  for (int i = 1; i <= 1000; ++i) h.record(i * 1000);  // 1..1000 ms in microseconds
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.max(), 1'000'000);
  EXPECT_GE(h.quantile(0.5), 500'000);
  EXPECT_LE(h.quantile(0.5), 500'000 * 1.04);
  EXPECT_GE(h.quantile(0.99), 990'000);
  EXPECT_LE(h.quantile(0.99), 1'000'000);
  EXPECT_EQ(h.quantile(1.0), 1'000'000);
  Histogram small;
  small.record(-5);  // clock skew: counted as 0
  small.record(7);
  EXPECT_EQ(small.quantile(0.5), 0);
  EXPECT_EQ(small.quantile(1.0), 7);
  h.merge(small);
  EXPECT_EQ(h.count(), 1002u);
}

}  // namespace
}  // namespace parley::load
