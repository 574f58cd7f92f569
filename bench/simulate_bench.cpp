// The simulator's own speed (issue 7): full simulation of distilbert and of large decoders (gpt2-xl
// prefill, llama-2-7b prefill and decode), graph build vs execution, one graph across every
// shipped chip, and sweep throughput over the Figure-2 grid on one thread and on every core.
// Configs are loaded once, outside every timed loop.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "models/transformer_builder.hpp"
#include "chip/chip_loader.hpp"
#include "chip/chip_spec.hpp"
#include "core/config_paths.hpp"
#include "sim/executor.hpp"
#include "ir/graph.hpp"
#include "core/heap_policy.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"

namespace {

using anesim::ChipSpec;
using anesim::ModelSpec;

struct Configs {
  ModelSpec model;
  ChipSpec a15;
  std::vector<ChipSpec> chips;
  std::vector<ModelSpec> large;  // k_large_models, in order
};

// The large-model cases: {model, seq, kv_len (0 = prefill)}.
struct LargeCase {
  const char* model;
  std::int64_t seq;
  std::int64_t kv_len;
};
constexpr LargeCase k_large_cases[] = {{"gpt2-xl", 1024, 0}, {"llama-2-7b", 4096, 0}, {"llama-2-7b", 1, 4096}};

const Configs& configs() {
  static const Configs c = [] {
    const std::string dir = anesim::default_config_dir();
    Configs loaded{anesim::load_model("distilbert", dir), anesim::load_chip("A15", dir), anesim::load_all_chips(dir), {}};
    for (const LargeCase& lc : k_large_cases) loaded.large.push_back(anesim::load_model(lc.model, dir));
    return loaded;
  }();
  return c;
}

// Benchmark args: {layout (0 = ane, 1 = baseline), seq, batch}.
const char* layout_name(std::int64_t i) { return i == 0 ? "ane" : "baseline"; }

void points(benchmark::internal::Benchmark* b) {
  b->ArgNames({"baseline", "seq", "batch"});
  for (std::int64_t layout : {0, 1}) {
    b->Args({layout, 128, 1});
    b->Args({layout, 512, 8});
  }
  b->Unit(benchmark::kMicrosecond);
}

void label(benchmark::State& state) {
  state.SetLabel(std::string(layout_name(state.range(0))) + " seq" + std::to_string(state.range(1)) + " b" +
                 std::to_string(state.range(2)));
}

// Build + execute, as the CLI does it.
void BM_Simulate(benchmark::State& state) {
  const Configs& c = configs();
  anesim::RunRequest req;
  req.layout = layout_name(state.range(0));
  req.seq = state.range(1);
  req.batch = state.range(2);
  std::size_t ops = 0;
  for (auto _ : state) {
    anesim::RunResult r = anesim::simulate(c.model, c.a15, req);
    ops = r.ops.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["op_records"] = static_cast<double>(ops);
  state.counters["sims/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  label(state);
}
BENCHMARK(BM_Simulate)->Apply(points);

// Large decoders, ANE layout, A15, build + execute. range(0) indexes k_large_cases.
void BM_SimulateLarge(benchmark::State& state) {
  const Configs& c = configs();
  const auto index = static_cast<std::size_t>(state.range(0));
  const LargeCase& lc = k_large_cases[index];
  anesim::RunRequest req;
  req.seq = lc.seq;
  if (lc.kv_len > 0) {
    req.options.phase = anesim::Phase::decode;
    req.options.kv_len = lc.kv_len;
  }
  std::size_t ops = 0;
  for (auto _ : state) {
    anesim::RunResult r = anesim::simulate(c.large[index], c.a15, req);
    ops = r.ops.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["op_records"] = static_cast<double>(ops);
  state.SetLabel(lc.kv_len > 0 ? std::string(lc.model) + " decode kv" + std::to_string(lc.kv_len)
                               : std::string(lc.model) + " prefill seq" + std::to_string(lc.seq));
}
BENCHMARK(BM_SimulateLarge)->ArgName("case")->DenseRange(0, std::size(k_large_cases) - 1)->Unit(benchmark::kMillisecond);

void BM_BuildGraph(benchmark::State& state) {
  const Configs& c = configs();
  const std::string layout = layout_name(state.range(0));
  std::size_t ops = 0, tensors = 0;
  for (auto _ : state) {
    anesim::Graph g = anesim::build_transformer(c.model, layout, state.range(2), state.range(1));
    ops = g.op_count();
    tensors = g.tensor_count();
    benchmark::DoNotOptimize(g);
  }
  state.counters["graph_ops"] = static_cast<double>(ops);
  state.counters["tensors"] = static_cast<double>(tensors);
  label(state);
}
BENCHMARK(BM_BuildGraph)->Apply(points);

void BM_Execute(benchmark::State& state) {
  const Configs& c = configs();
  const anesim::Graph g = anesim::build_transformer(c.model, layout_name(state.range(0)), state.range(2), state.range(1));
  for (auto _ : state) {
    anesim::RunResult r = anesim::execute(g, c.a15);
    benchmark::DoNotOptimize(r);
  }
  state.counters["graph_ops"] = static_cast<double>(g.op_count());
  label(state);
}
BENCHMARK(BM_Execute)->Apply(points);

// One prebuilt graph executed on every shipped chip: the "built once, reused across chips" case.
// Time is per sweep over all chips; items are chip executions.
void BM_ExecuteAllChips(benchmark::State& state) {
  const Configs& c = configs();
  const anesim::Graph g = anesim::build_transformer(c.model, layout_name(state.range(0)), state.range(2), state.range(1));
  for (auto _ : state) {
    for (const ChipSpec& chip : c.chips) {
      anesim::RunResult r = anesim::execute(g, chip);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.chips.size()));
  state.counters["chips"] = static_cast<double>(c.chips.size());
  label(state);
}
BENCHMARK(BM_ExecuteAllChips)->Apply(points);

// Figure-2 grid: seq {32,64,128,256,512} x batch {1,2,4,8} x {ane, baseline} = 40 configurations,
// each a full simulate() on A15. range(0) = threads; thread t simulates configs t, t+T, t+2T, ...
struct GridPoint {
  const char* layout;
  std::int64_t seq;
  std::int64_t batch;
};

std::vector<GridPoint> figure2_grid() {
  std::vector<GridPoint> grid;
  for (const char* layout : {"ane", "baseline"})
    for (std::int64_t seq : {32, 64, 128, 256, 512})
      for (std::int64_t batch : {1, 2, 4, 8}) grid.push_back({layout, seq, batch});
  return grid;
}

void run_share(const Configs& c, const std::vector<GridPoint>& grid, std::size_t first, std::size_t stride) {
  for (std::size_t i = first; i < grid.size(); i += stride) {
    anesim::RunRequest req;
    req.layout = grid[i].layout;
    req.seq = grid[i].seq;
    req.batch = grid[i].batch;
    anesim::RunResult r = anesim::simulate(c.model, c.a15, req);
    benchmark::DoNotOptimize(r);
  }
}

void BM_SweepFigure2(benchmark::State& state) {
  const Configs& c = configs();
  const std::vector<GridPoint> grid = figure2_grid();
  const auto threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    if (threads == 1) {
      run_share(c, grid, 0, 1);
    } else {
      std::vector<std::thread> pool;
      pool.reserve(threads);
      for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(run_share, std::cref(c), std::cref(grid), t, threads);
      for (std::thread& th : pool) th.join();
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(grid.size()));
  state.counters["configs"] = static_cast<double>(grid.size());
}
// 1 and 2 threads, and every core when the machine has more. Wall time, not the main thread's
// CPU time: the workers do the work.
void sweep_threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2);
  const auto cores = static_cast<std::int64_t>(std::thread::hardware_concurrency());
  if (cores > 2) b->Arg(cores);
}
BENCHMARK(BM_SweepFigure2)->Apply(sweep_threads)->UseRealTime()->Unit(benchmark::kMillisecond);

// The same 40 points through the sweep runner (configs/sweeps/figure2.yaml), as `anesim sweep` and
// anesim.sweep run them: keep_ops 1 keeps every point's op records (the CLI's HTML report), 0 keeps
// totals only (the Python DataFrame), which skips building the records' names.
void BM_RunSweepFigure2(benchmark::State& state) {
  static const anesim::SweepSpec spec = anesim::load_sweep("figure2", anesim::default_config_dir());
  anesim::SweepOptions options;
  options.keep_ops = state.range(0) != 0;
  options.jobs = static_cast<unsigned>(state.range(1));
  for (auto _ : state) {
    anesim::SweepResult r = anesim::run_sweep(spec, options);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(anesim::sweep_size(spec)));
}
void run_sweep_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"keep_ops", "threads"});
  for (const std::int64_t keep : {0, 1}) {
    b->Args({keep, 1})->Args({keep, 2});
    const auto cores = static_cast<std::int64_t>(std::thread::hardware_concurrency());
    if (cores > 2) b->Args({keep, cores});
  }
}
BENCHMARK(BM_RunSweepFigure2)->Apply(run_sweep_args)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

// The CLI's heap setting (core/heap_policy.hpp), so the figures are what `anesim run` and `anesim
// sweep` get.
int main(int argc, char** argv) {
  anesim::keep_heap_between_runs();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
