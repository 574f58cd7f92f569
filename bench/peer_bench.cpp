// The three workloads the peers' speed claims are measured on (issue 22), by name, so a figure in
// bench/README.md can be compared with theirs: distilbert in the ANE layout at seq 128, batch 1
// (graph build included); one configuration of the 40-point Figure-2 grid on one thread;
// llama-2-7b's prefill of 4,096 tokens; and, for the 70B target, llama-2-70b's prefill of
// 8,192. All on the A15, configs loaded once outside the loops.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"

namespace {

struct PeerConfigs {
  anesim::ModelSpec distilbert;
  anesim::ModelSpec llama2_7b;
  anesim::ModelSpec llama2_70b;
  anesim::ChipSpec a15;
};

const PeerConfigs& peer_configs() {
  static const PeerConfigs c = [] {
    const std::string dir = anesim::default_config_dir();
    return PeerConfigs{anesim::load_model("distilbert", dir), anesim::load_model("llama-2-7b", dir),
                       anesim::load_model("llama-2-70b", dir), anesim::load_chip("A15", dir)};
  }();
  return c;
}

// One simulation of `model` on the A15 in the ANE layout at (seq, batch 1), graph build included.
void simulate_ane(benchmark::State& state, const anesim::ModelSpec& model, std::int64_t seq) {
  anesim::RunRequest request;
  request.layout = "ane";
  request.seq = seq;
  request.batch = 1;
  for (auto _ : state) {
    anesim::RunResult r = anesim::simulate(model, peer_configs().a15, request);
    benchmark::DoNotOptimize(r);
  }
}

void BM_PeerDistilbert(benchmark::State& state) { simulate_ane(state, peer_configs().distilbert, 128); }
BENCHMARK(BM_PeerDistilbert)->Unit(benchmark::kMicrosecond);

// Figure 2's grid as BM_SweepFigure2 runs it (both layouts x seq 32..512 x batch 1..8, 40
// points); iteration i simulates point i mod 40, so the time is the grid's mean per configuration.
void BM_PeerFigure2Config(benchmark::State& state) {
  const PeerConfigs& c = peer_configs();
  std::vector<anesim::RunRequest> grid;
  for (const char* layout : {"ane", "baseline"}) {
    for (std::int64_t seq : {32, 64, 128, 256, 512}) {
      for (std::int64_t batch : {1, 2, 4, 8}) {
        anesim::RunRequest request;
        request.layout = layout;
        request.seq = seq;
        request.batch = batch;
        grid.push_back(request);
      }
    }
  }
  std::size_t next = 0;
  for (auto _ : state) {
    anesim::RunResult r = anesim::simulate(c.distilbert, c.a15, grid[next]);
    benchmark::DoNotOptimize(r);
    next = (next + 1) % grid.size();
  }
  state.counters["grid_points"] = static_cast<double>(grid.size());
}
// A whole number of passes over the grid, so every point counts equally.
BENCHMARK(BM_PeerFigure2Config)->Iterations(40 * 50)->Unit(benchmark::kMicrosecond);

void BM_PeerLlama2_7bPrefill4096(benchmark::State& state) { simulate_ane(state, peer_configs().llama2_7b, 4096); }
BENCHMARK(BM_PeerLlama2_7bPrefill4096)->Unit(benchmark::kMillisecond);

void BM_PeerLlama2_70bPrefill8192(benchmark::State& state) { simulate_ane(state, peer_configs().llama2_70b, 8192); }
BENCHMARK(BM_PeerLlama2_70bPrefill8192)->Unit(benchmark::kMillisecond);

}  // namespace
