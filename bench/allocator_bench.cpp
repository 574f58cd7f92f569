// The buffer allocator alone, on synthetic programs of 100k and 1M steps (issue 16): it was
// quadratic, and a ~2M-op model ran for hours. The programs are shaped like a decoder's: each step
// writes one buffer that the next one to three steps read, a residual every 8 steps lives 12,
// and every 40th buffer is a graph output that lives to the end (a layer's K/V cache).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sim/memory/buffer_allocator.hpp"
#include "sim/lower/program.hpp"

namespace {

anesim::Program synthetic_program(std::int64_t steps) {
  anesim::Program p;
  p.ops.resize(static_cast<std::size_t>(steps));
  p.buffers.reserve(static_cast<std::size_t>(steps));
  constexpr std::int64_t k_sizes[] = {49152, 196608, 786432, 12288, 3145728};
  std::uint64_t state = 12345;
  const auto next = [&state] {  // a fixed LCG: the same program on every run and machine
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (std::int64_t s = 0; s < steps; ++s) {
    anesim::Buffer b;
    b.logical_bytes = b.allocated_bytes = k_sizes[next() % 5];
    b.first_step = static_cast<std::int32_t>(s);
    std::int64_t last = s + 1 + static_cast<std::int64_t>(next() % 3);
    if (s % 8 == 0) last = s + 12;
    if (s % 40 == 0) {
      last = steps - 1;
      b.graph_output = true;
    }
    b.last_step = static_cast<std::int32_t>(last < steps ? last : steps - 1);
    p.buffers.push_back(b);
  }
  return p;
}

void BM_AllocateBuffers(benchmark::State& state) {
  const anesim::Program program = synthetic_program(state.range(0));
  std::int64_t arena = 0;
  for (auto _ : state) {
    const anesim::Allocation a = anesim::allocate_buffers(program);
    arena = a.arena_bytes;
    benchmark::DoNotOptimize(arena);
  }
  state.counters["buffers"] = static_cast<double>(program.buffers.size());
  state.counters["arena_MB"] = static_cast<double>(arena) / 1e6;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AllocateBuffers)->ArgName("steps")->Arg(600)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace
