// The queued bus: events leave in the order they were published, from another thread; a
// full queue holds publishers back; destruction delivers what is still queued.
#include "bus/queued_bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "bus/local_bus.hpp"

namespace parley::bus {
namespace {

using namespace std::chrono_literals;

Payload text(int n) {
  return std::make_shared<const std::string>(std::to_string(n));
}

TEST(QueuedBusTest, DeliversInPublishOrderOnItsOwnThread) {
  LocalBus inner;
  std::mutex mu;
  std::vector<int> heard;
  std::thread::id delivered_on;
  {
    QueuedBus bus(inner);
    bus.subscribe("room.a", [&](const std::string&, const Payload& p) {
      std::lock_guard lock(mu);
      heard.push_back(std::stoi(*p));
      delivered_on = std::this_thread::get_id();
    });
    for (int i = 0; i < 5000; ++i) bus.publish("room.a", text(i));
  }  // destruction delivers everything still queued
  ASSERT_EQ(heard.size(), 5000u);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(heard[i], i);
  EXPECT_NE(delivered_on, std::this_thread::get_id());
}

TEST(QueuedBusTest, AFullQueueHoldsThePublisherBack) {
  LocalBus inner;
  std::atomic<bool> release{false};
  std::atomic<int> heard{0};
  QueuedBus bus(inner, 2);
  bus.subscribe("s", [&](const std::string&, const Payload&) {
    while (!release) std::this_thread::sleep_for(1ms);
    ++heard;
  });
  bus.publish("s", text(1));          // taken by the drain, which now waits
  std::this_thread::sleep_for(20ms);  // let the drain take it
  bus.publish("s", text(2));          // queued
  bus.publish("s", text(3));          // queued: the queue is full
  std::atomic<bool> fourth_returned{false};
  std::thread publisher([&] {
    bus.publish("s", text(4));
    fourth_returned = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(fourth_returned) << "a publish into a full queue must wait";
  release = true;
  publisher.join();
  EXPECT_TRUE(fourth_returned);
  while (heard < 4) std::this_thread::sleep_for(1ms);
}

TEST(QueuedBusTest, AThrowingHandlerDoesNotStopLaterEvents) {
  LocalBus inner;
  std::atomic<int> heard{0};
  {
    QueuedBus bus(inner);
    bus.subscribe("s", [&](const std::string&, const Payload& p) {
      if (*p == "1") throw std::runtime_error("handler bug");
      ++heard;
    });
    for (int i = 0; i < 3; ++i) bus.publish("s", text(i));
  }
  EXPECT_EQ(heard.load(), 2);
}

}  // namespace
}  // namespace parley::bus
