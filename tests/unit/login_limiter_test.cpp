#include "chat/login_limiter.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

TEST(LoginLimiterTest, CountsOnlyFailuresInsideTheWindow) {
  util::FakeClock clock;
  LoginLimiter limiter({true, true, true, 3, 60'000, 100, 60'000}, clock);
  limiter.record_failure("ip", "ann");
  clock.advance_ms(30'000);
  limiter.record_failure("ip", "ann");
  EXPECT_FALSE(limiter.user_blocked("ann"));
  limiter.record_failure("ip", "ann");
  EXPECT_TRUE(limiter.user_blocked("ann"));
  clock.advance_ms(30'001);  // the first failure ages out
  EXPECT_FALSE(limiter.user_blocked("ann"));
}

TEST(LoginLimiterTest, SuccessClearsBothKeys) {
  util::FakeClock clock;
  LoginLimiter limiter({true, true, true, 2, 60'000, 2, 60'000}, clock);
  limiter.record_failure("ip", "ann");
  limiter.record_failure("ip", "ann");
  EXPECT_TRUE(limiter.user_blocked("ann"));
  EXPECT_TRUE(limiter.ip_blocked("ip"));
  limiter.record_success("ip", "ann");
  EXPECT_FALSE(limiter.user_blocked("ann"));
  EXPECT_FALSE(limiter.ip_blocked("ip"));
}

TEST(LoginLimiterTest, DisabledNeverBlocks) {
  util::FakeClock clock;
  LoginLimiter limiter({false, true, true, 1, 60'000, 1, 60'000}, clock);
  limiter.record_failure("ip", "ann");
  EXPECT_FALSE(limiter.user_blocked("ann"));
  EXPECT_FALSE(limiter.ip_blocked("ip"));
}

}  // namespace
}  // namespace parley::chat
