// `anesim generate`'s speed (issue 20): a whole reply of llama-3.2-1b on an M4, the prefill of a
// 512-token prompt and every decode step of a 4,096-token reply, with the KV cache as state (the
// step cost grows with the position: the curve's every padding block is simulated) and fixed
// (one step length). Target: well under a second a reply.
#include <benchmark/benchmark.h>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "generation/generate.hpp"
#include "models/model_spec.hpp"

namespace {

void generate_reply(benchmark::State& state, anesim::KvCache mode) {
  const std::string dir = anesim::default_config_dir();
  const anesim::ModelSpec model = anesim::load_model("llama-3.2-1b", dir);
  const anesim::ChipSpec chip = anesim::load_chip("M4", dir);
  anesim::GenerateRequest request;
  request.prompt = 512;
  request.new_tokens = state.range(0);
  request.kv_cache = mode;
  std::int64_t simulations = 0;
  for (auto _ : state) {
    const anesim::GenerationResult g = anesim::generate(model, chip, request);
    simulations = g.summary.simulations;
    benchmark::DoNotOptimize(g.summary.total_s);
  }
  state.counters["decode_simulations"] = static_cast<double>(simulations);
}

void BM_GenerateState(benchmark::State& state) { generate_reply(state, anesim::KvCache::state); }
void BM_GenerateFixed(benchmark::State& state) { generate_reply(state, anesim::KvCache::fixed); }

BENCHMARK(BM_GenerateState)->Arg(256)->Arg(4096)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GenerateFixed)->Arg(4096)->Unit(benchmark::kMillisecond);

}  // namespace
