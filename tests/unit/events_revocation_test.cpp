// Token revocations take effect before the revoking call returns (ddp/login_registry.hpp's
// contract), even though chat/'s other events go through the QueuedBus and leave later.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>

#include "bus/local_bus.hpp"
#include "bus/queued_bus.hpp"
#include "chat/events.hpp"

namespace parley::chat {
namespace {

TEST(EventsRevocationTest, RevocationsAreDeliveredBeforeTheCallReturnsEvenBehindAStuckQueue) {
  bus::LocalBus local;
  bus::QueuedBus queued(local);
  // A subscriber of room events that does not return until released: everything published
  // through the queue after it waits.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto stuck =
      local.subscribe(bus::room_subject("r1"),
                      [released](const std::string&, const bus::Payload&) { released.wait(); });
  std::atomic<int> revocations{0};
  auto heard = local.subscribe(bus::kTokensSubject,
                               [&](const std::string&, const bus::Payload&) { ++revocations; });

  Events events(queued, &local);
  store::RoomRecord room;
  room.id = "r1";
  room.type = "c";
  events.message_deleted(room, "m1");  // occupies the queue's thread
  events.tokens_revoked("u1", {"hash"});
  EXPECT_EQ(revocations.load(), 1);
  events.all_tokens_revoked("u1", "kept");
  EXPECT_EQ(revocations.load(), 2);

  release.set_value();
  local.unsubscribe(stuck);
  local.unsubscribe(heard);
}

}  // namespace
}  // namespace parley::chat
