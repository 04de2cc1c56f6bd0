// The in-process bus: exact subjects, the one-token wildcard, and unsubscribing.
#include "bus/local_bus.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace parley::bus {
namespace {

class LocalBusTest : public ::testing::Test {
 protected:
  InterestId listen(const std::string& subject) {
    return bus_.subscribe(subject, [this, subject](const std::string& s, const Payload& p) {
      heard_.push_back(subject + " <- " + s + ": " + *p);
    });
  }
  void say(const std::string& subject, const std::string& text) {
    bus_.publish(subject, std::make_shared<const std::string>(text));
  }

  LocalBus bus_;
  std::vector<std::string> heard_;
};

TEST_F(LocalBusTest, DeliversToExactSubjectsOnly) {
  listen("room.a");
  say("room.a", "1");
  say("room.b", "2");
  say("user.a", "3");
  EXPECT_EQ(heard_, (std::vector<std::string>{"room.a <- room.a: 1"}));
}

TEST_F(LocalBusTest, AWildcardHearsEveryOneTokenSubjectUnderItsPrefix) {
  listen("room.*");
  listen("room.a");
  say("room.a", "1");
  say("room.b", "2");
  say("user.b", "3");
  say("logged", "4");
  EXPECT_EQ(heard_, (std::vector<std::string>{"room.a <- room.a: 1", "room.* <- room.a: 1",
                                              "room.* <- room.b: 2"}));
}

TEST_F(LocalBusTest, UnsubscribeStopsDeliveryForThatInterestOnly) {
  InterestId wildcard = listen("room.*");
  InterestId second = listen("room.*");
  bus_.unsubscribe(wildcard);
  say("room.a", "1");
  EXPECT_EQ(heard_.size(), 1u);
  bus_.unsubscribe(second);
  say("room.a", "2");
  EXPECT_EQ(heard_.size(), 1u);
  bus_.unsubscribe(second);  // twice is harmless
}

}  // namespace
}  // namespace parley::bus
