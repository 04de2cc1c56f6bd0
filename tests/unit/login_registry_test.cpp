// ddp/login_registry: which registered sessions a token revocation ends.
#include "ddp/login_registry.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "bus/local_bus.hpp"

namespace parley::ddp {
namespace {

struct FakeSession final : RevocableLogin {
  void login_revoked() override { ++revoked; }
  std::atomic<int> revoked{0};
};

void publish(bus::Bus& bus, const std::string& json) {
  bus.publish(bus::kTokensSubject, std::make_shared<const std::string>(json));
}

TEST(LoginRegistryTest, EndsTheSessionsTheEventNames) {
  bus::LocalBus bus;
  LoginRegistry registry(bus);
  auto a1 = std::make_shared<FakeSession>();
  auto a2 = std::make_shared<FakeSession>();
  auto a3 = std::make_shared<FakeSession>();
  auto b1 = std::make_shared<FakeSession>();
  registry.add("s1", "ann", "h1", a1);
  registry.add("s2", "ann", "h2", a2);
  registry.add("s3", "ann", "h1", a3);  // the same token on two connections
  registry.add("s4", "bob", "h1", b1);  // another user's token never matches ann's events

  publish(bus, R"({"uid":"ann","tokens":["h1"]})");
  EXPECT_EQ(a1->revoked, 1);
  EXPECT_EQ(a2->revoked, 0);
  EXPECT_EQ(a3->revoked, 1);
  EXPECT_EQ(b1->revoked, 0);

  publish(bus, R"({"uid":"ann","all":true,"except":"h1"})");
  EXPECT_EQ(a1->revoked, 1);
  EXPECT_EQ(a2->revoked, 1);

  publish(bus, R"({"uid":"bob","all":true})");
  EXPECT_EQ(b1->revoked, 1);
}

TEST(LoginRegistryTest, ForgetsRemovedAndExpiredSessionsAndIgnoresGarbage) {
  bus::LocalBus bus;
  LoginRegistry registry(bus);
  auto a1 = std::make_shared<FakeSession>();
  registry.add("s1", "ann", "h1", a1);
  {
    auto gone = std::make_shared<FakeSession>();
    registry.add("s2", "ann", "h2", gone);
  }  // only a weak reference was kept
  registry.remove("s1");
  EXPECT_EQ(registry.size(), 1u);
  publish(bus, R"({"uid":"ann","all":true})");
  EXPECT_EQ(a1->revoked, 0);
  publish(bus, "not json");
  publish(bus, R"({"all":true})");
  publish(bus, R"([1,2])");
  // A session that logs in as someone else moves with its login.
  registry.add("s1", "ann", "h1", a1);
  registry.add("s1", "bob", "h9", a1);
  publish(bus, R"({"uid":"ann","all":true})");
  EXPECT_EQ(a1->revoked, 0);
  publish(bus, R"({"uid":"bob","tokens":["h9"]})");
  EXPECT_EQ(a1->revoked, 1);
}

}  // namespace
}  // namespace parley::ddp
