// The per-IP connection counter: the cap, release exactly once (also after a move, as when an
// HTTP connection becomes a WebSocket session), no entries left behind, and correct counts when
// several event loops acquire and release at once.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/connection_counter.hpp"

namespace parley::net {
namespace {

TEST(ConnectionCounter, RefusesOverTheCapAndAcceptsAgainAfterARelease) {
  ConnectionCounter counter(3);
  std::vector<ConnectionCounter::Lease> open;
  for (int i = 0; i < 3; ++i) {
    auto lease = counter.try_acquire("10.0.0.1");
    ASSERT_TRUE(lease.has_value()) << i;
    EXPECT_TRUE(lease->counted());
    open.push_back(std::move(*lease));
  }
  EXPECT_EQ(counter.count("10.0.0.1"), 3u);
  EXPECT_FALSE(counter.try_acquire("10.0.0.1").has_value());
  // Another address is not affected.
  EXPECT_TRUE(counter.try_acquire("10.0.0.2").has_value());

  open.pop_back();
  EXPECT_EQ(counter.count("10.0.0.1"), 2u);
  EXPECT_TRUE(counter.try_acquire("10.0.0.1").has_value());
}

TEST(ConnectionCounter, KeysAreErasedAtZero) {
  ConnectionCounter counter(5);
  {
    auto a = counter.try_acquire("a");
    auto b = counter.try_acquire("b");
    auto b2 = counter.try_acquire("b");
    EXPECT_EQ(counter.keys(), 2u);
  }
  EXPECT_EQ(counter.keys(), 0u);
  EXPECT_EQ(counter.count("b"), 0u);
  // A refused acquire leaves nothing behind either.
  ConnectionCounter one(1);
  auto held = one.try_acquire("x");
  EXPECT_FALSE(one.try_acquire("x").has_value());
  held.reset();
  EXPECT_EQ(one.keys(), 0u);
}

TEST(ConnectionCounter, AMovedLeaseReleasesExactlyOnce) {
  ConnectionCounter counter(2);
  auto http = counter.try_acquire("10.0.0.1");
  ASSERT_TRUE(http.has_value());
  auto other = counter.try_acquire("10.0.0.1");
  ASSERT_TRUE(other.has_value());
  {
    ConnectionCounter::Lease websocket = std::move(*http);  // the upgrade hands it over
    http.reset();                                           // the HTTP object goes first
    EXPECT_EQ(counter.count("10.0.0.1"), 2u);
    websocket.release();
    websocket.release();  // idempotent
    EXPECT_EQ(counter.count("10.0.0.1"), 1u);
  }
  EXPECT_EQ(counter.count("10.0.0.1"), 1u);

  // Move-assigning over a held lease gives the old count back.
  auto a = counter.try_acquire("a");
  auto b = counter.try_acquire("b");
  *a = std::move(*b);
  EXPECT_EQ(counter.count("a"), 0u);
  EXPECT_EQ(counter.count("b"), 1u);
  EXPECT_EQ(a->key(), "b");
}

TEST(ConnectionCounter, NoCapCountsNothing) {
  ConnectionCounter counter(0);
  std::vector<ConnectionCounter::Lease> open;
  for (int i = 0; i < 10'000; ++i) {
    auto lease = counter.try_acquire("10.0.0.1");
    ASSERT_TRUE(lease.has_value());
    EXPECT_FALSE(lease->counted());
    open.push_back(std::move(*lease));
  }
  EXPECT_EQ(counter.keys(), 0u);
}

TEST(ConnectionCounter, ConcurrentLoopsNeverExceedTheCapAndLeaveNothingBehind) {
  constexpr std::size_t kCap = 3;
  ConnectionCounter counter(kCap);
  std::atomic<int> held{0};
  std::atomic<int> max_held{0};
  std::atomic<int> granted{0};
  std::vector<std::thread> loops;
  for (int t = 0; t < 4; ++t) {
    loops.emplace_back([&, t] {
      for (int i = 0; i < 20'000; ++i) {
        // One contested key, and a key per thread that is never refused.
        auto own = counter.try_acquire("own-" + std::to_string(t));
        EXPECT_TRUE(own.has_value());
        auto lease = counter.try_acquire("shared");
        if (!lease) continue;
        ++granted;
        const int now = ++held;
        int seen = max_held.load();
        while (now > seen && !max_held.compare_exchange_weak(seen, now)) {
        }
        --held;
      }
    });
  }
  for (auto& t : loops) t.join();
  EXPECT_LE(max_held.load(), static_cast<int>(kCap));
  EXPECT_GT(granted.load(), 0);
  EXPECT_EQ(counter.keys(), 0u);
}

}  // namespace
}  // namespace parley::net
