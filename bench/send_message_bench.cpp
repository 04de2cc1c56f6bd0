// Messages::send end to end on a real SQLite file: permission checks, md parsing, the
// idempotent append with its effects (msgs, lastMessage, every other member's unread) in one
// transaction, then the events. Members: 2 (a DM, 82 % of the workload's traffic), 60 (a
// large private group), 7,000 (#general). The store here commits with synchronous=NORMAL
// (tests' setting); the server's default FULL adds one fsync per group commit.
#include <benchmark/benchmark.h>

#include "bench_world.hpp"

namespace parley::bench {
namespace {

void BM_SendMessage(benchmark::State& state) {
  const int members = static_cast<int>(state.range(0));
  World world;
  auto room = world.room_with_members(members == 2 ? "d" : "p", members);
  auto sender = world.member(0);
  chat::SendRequest request;
  request.room_id = room.id;
  request.text = paragraph(400);
  for (auto _ : state) {
    auto sent = world.messages.send(sender, request);
    if (!sent) state.SkipWithError(sent.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SendMessage)->Arg(2)->Arg(60)->Arg(7000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace parley::bench
