// Fan-out cost of the DDP stream hub: one committed message event routed to N stream
// subscriptions spread over two event loops (the server's default on 2 cores), including the
// per-event read rule (membership cache), the frame serialisation and the hand-off to each
// connection's queue. The loops here run their batches right after the publish, on the
// benchmark thread, so the figure is CPU per event and per delivered copy, without sockets.
#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>

#include "bench_world.hpp"
#include "counting_peer.hpp"
#include "ddp/stream_hub.hpp"

namespace parley::bench {
namespace {

namespace json = boost::json;

// args: members listening, and whether they listen per room (0) or on __my_messages__ (1).
void BM_FanOutOneMessage(benchmark::State& state) {
  const int listeners = static_cast<int>(state.range(0));
  const bool my_messages = state.range(1) == 1;
  World world;
  auto room = world.room_with_members("p", listeners);
  ddp::StreamHub hub(world.bus, world.members, world.db.metrics());
  auto loop_a = std::make_shared<QueuedLoop>();
  auto loop_b = std::make_shared<QueuedLoop>();
  std::vector<std::shared_ptr<CountingPeer>> peers;
  for (int i = 0; i < listeners; ++i) {
    auto peer = std::make_shared<CountingPeer>(i % 2 ? loop_a : loop_b);
    peers.push_back(peer);
    ddp::StreamListener l;
    l.session_id = "session" + std::to_string(i);
    l.sub_id = "1";
    l.stream = "room-messages";
    l.event_name = my_messages ? "__my_messages__" : room.id;
    l.user_id = user_id(i);
    l.can_view_public = true;
    l.peer = peer;
    hub.add(std::move(l));
  }
  json::object message{{"_id", "m0000000000000001"},
                       {"rid", room.id},
                       {"msg", paragraph(400)},
                       {"ts", {{"$date", 1700000000000}}},
                       {"u", {{"_id", user_id(0)}, {"username", "user0"}, {"name", "User 0"}}},
                       {"md", json::array{}},
                       {"mentions", json::array{}},
                       {"channels", json::array{}}};
  for (auto _ : state) {
    world.events.message_changed(room, message);
    loop_a->run();
    loop_b->run();
  }
  int64_t frames = 0;
  for (const auto& p : peers) frames += p->frames;
  if (frames != static_cast<int64_t>(state.iterations()) * listeners) {
    state.SkipWithError("a listener missed a frame");
  }
  state.SetItemsProcessed(frames);  // items = delivered copies
  state.counters["copies_per_event"] = listeners;
}
BENCHMARK(BM_FanOutOneMessage)
    ->ArgsProduct({{2, 60, 1000, 7000}, {0, 1}})
    ->ArgNames({"listeners", "my_messages"})
    ->Unit(benchmark::kMicrosecond);

// A direct message (2 members) while `listeners` users each follow every room, as RC 7's web
// client does with <uid>/rooms-changed and SDK bots with __my_messages__: the cost of an event
// for the users who are not in the room. args: listeners, and my_messages (0 = rooms-changed).
void BM_DirectMessageAmongEveryRoomListeners(benchmark::State& state) {
  const int listeners = static_cast<int>(state.range(0));
  const bool my_messages = state.range(1) == 1;
  World world;
  world.ensure_users(listeners);
  auto dm = world.room_with_members("d", 2);
  ddp::StreamHub hub(world.bus, world.members, world.db.metrics());
  auto loop = std::make_shared<QueuedLoop>();
  std::vector<std::shared_ptr<CountingPeer>> peers;
  for (int i = 0; i < listeners; ++i) {
    auto peer = std::make_shared<CountingPeer>(loop);
    peers.push_back(peer);
    ddp::StreamListener l;
    l.session_id = "session" + std::to_string(i);
    l.sub_id = "1";
    l.stream = my_messages ? "room-messages" : "notify-user";
    l.event_name = my_messages ? "__my_messages__" : user_id(i) + "/rooms-changed";
    l.user_id = user_id(i);
    l.can_view_public = true;
    l.peer = peer;
    hub.add(std::move(l));
  }
  json::object message{{"_id", "m0000000000000001"},
                       {"rid", dm.id},
                       {"msg", paragraph(400)},
                       {"ts", {{"$date", 1700000000000}}},
                       {"u", {{"_id", user_id(0)}, {"username", "user0"}, {"name", "User 0"}}}};
  for (auto _ : state) {
    if (my_messages) {
      world.events.message_changed(dm, message);
    } else {
      world.events.room_changed_for_members(dm);
    }
    loop->run();
  }
  int64_t frames = 0;
  for (const auto& p : peers) frames += p->frames;
  if (frames != static_cast<int64_t>(state.iterations()) * 2) {
    state.SkipWithError("expected exactly the two members' copies");
  }
  state.SetItemsProcessed(frames);
}
BENCHMARK(BM_DirectMessageAmongEveryRoomListeners)
    ->ArgsProduct({{100, 1000, 10000}, {0, 1}})
    ->ArgNames({"listeners", "my_messages"})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parley::bench
