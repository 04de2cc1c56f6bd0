// The md parser on the workload's message sizes (mean ~400 bytes, up to 5,000).
#include <benchmark/benchmark.h>

#include "bench_world.hpp"
#include "chat/message_parser.hpp"

namespace parley::bench {
namespace {

void BM_ParseMessage(benchmark::State& state) {
  const std::string text = paragraph(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(chat::parse_message(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseMessage)->Arg(100)->Arg(400)->Arg(1200)->Arg(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parley::bench
