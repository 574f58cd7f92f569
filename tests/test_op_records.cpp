// Runs that drop their per-op records (RunRequest::keep_ops = false, SweepOptions::keep_ops = false)
// skip building the records' names, but must give exactly the totals of a run that keeps them:
// the energy sums are taken over the same records in the same order. The names that are kept live
// in an arena the run's copies share.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "models/simulate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "sweep/sweep_runner.hpp"

using namespace anesim;

namespace {

// Every field, compared exactly (no tolerance): the two runs do the same arithmetic.
void check_same_totals(const RunTotals& a, const RunTotals& b) {
  CHECK(a.latency_s == b.latency_s);
  CHECK(a.peak_memory_bytes == b.peak_memory_bytes);
  CHECK(a.weight_bytes == b.weight_bytes);
  CHECK(a.peak_activation_bytes == b.peak_activation_bytes);
  CHECK(a.peak_activation_logical_bytes == b.peak_activation_logical_bytes);
  CHECK(a.arena_bytes == b.arena_bytes);
  CHECK(a.dram_read_bytes == b.dram_read_bytes);
  CHECK(a.dram_write_bytes == b.dram_write_bytes);
  CHECK(a.flops == b.flops);
  CHECK(a.mac_flops == b.mac_flops);
  CHECK(a.vector_flops == b.vector_flops);
  CHECK(a.parameter_count == b.parameter_count);
  CHECK(a.op_count == b.op_count);
  CHECK(a.ane_ops == b.ane_ops);
  CHECK(a.cpu_ops == b.cpu_ops);
  CHECK(a.free_ops == b.free_ops);
  CHECK(a.copy_ops == b.copy_ops);
  CHECK(a.transposes == b.transposes);
  CHECK(a.handovers == b.handovers);
  CHECK(a.handover_s == b.handover_s);
  CHECK(a.handover_bytes == b.handover_bytes);
  CHECK(a.regime == b.regime);
  CHECK(a.compute_share == b.compute_share);
  CHECK(a.bandwidth_share == b.bandwidth_share);
  CHECK(a.overhead_share == b.overhead_share);
  CHECK(a.energy_j == b.energy_j);
  CHECK(a.compute_energy_j == b.compute_energy_j);
  CHECK(a.l2_energy_j == b.l2_energy_j);
  CHECK(a.dram_energy_j == b.dram_energy_j);
  CHECK(a.cpu_energy_j == b.cpu_energy_j);
  CHECK(a.static_energy_j == b.static_energy_j);
  CHECK(a.avg_power_w == b.avg_power_w);
}

}  // namespace

TEST_CASE("a run without op records has the totals of a run with them") {
  const std::string dir = default_config_dir();
  const ModelSpec distilbert = load_model("distilbert", dir);
  const ModelSpec llama = load_model("llama-3.2-1b", dir);
  for (const char* chip_name : {"A15", "M4", "M1Ultra"}) {
    const ChipSpec chip = load_chip(chip_name, dir);
    for (const char* layout : {"ane", "baseline"}) {
      for (const ModelSpec* model : {&distilbert, &llama}) {
        for (const bool decode : {false, true}) {
          if (decode && !model->is_decoder()) continue;
          CAPTURE(chip_name);
          CAPTURE(layout);
          CAPTURE(model->name);
          CAPTURE(decode);
          RunRequest with;
          with.layout = layout;
          with.seq = 64;
          if (decode) {
            with.options.phase = Phase::decode;
            with.options.kv_len = 256;
          }
          RunRequest without = with;
          without.keep_ops = false;
          const RunResult kept = simulate(*model, chip, with);
          const RunResult dropped = simulate(*model, chip, without);
          REQUIRE_FALSE(kept.ops.empty());
          CHECK(dropped.ops.empty());
          CHECK(kept.ops.front().name.size() > 0);
          check_same_totals(kept.totals, dropped.totals);
          CHECK(dropped.model == kept.model);
          CHECK(dropped.phase == kept.phase);
        }
      }
    }
  }
}

TEST_CASE("a sweep that drops op records has the totals of one that keeps them") {
  const SweepSpec spec = load_sweep("figure2", default_config_dir());
  const SweepResult kept = run_sweep(spec, SweepOptions{.jobs = 2, .progress = nullptr, .keep_ops = true});
  const SweepResult dropped = run_sweep(spec, SweepOptions{.jobs = 2, .progress = nullptr, .keep_ops = false});
  REQUIRE(kept.points.size() == dropped.points.size());
  for (std::size_t i = 0; i < kept.points.size(); ++i) {
    CAPTURE(i);
    CHECK_FALSE(kept.points[i].ops.empty());
    CHECK(dropped.points[i].ops.empty());
    check_same_totals(kept.points[i].totals, dropped.points[i].totals);
  }
}

TEST_CASE("op record names live as long as any copy of their run") {
  const std::string dir = default_config_dir();
  RunRequest request;
  request.seq = 32;
  request.layout = "baseline";  // its linear layers get rule 3's transpose steps
  auto original = std::make_unique<RunResult>(simulate(load_model("distilbert", dir), load_chip("A15", dir), request));
  const RunResult copy = *original;
  original.reset();  // the copy shares the names' storage
  REQUIRE_FALSE(copy.ops.empty());
  CHECK(std::string(copy.ops.front().name) == "embeddings.word_gather");
  CHECK(copy.ops.front().kind == "gather");
  bool transpose_step = false;
  for (const OpRecord& r : copy.ops) {
    transpose_step = transpose_step || (r.kind == "transpose" && r.name == "layer0.attention.q_lin.transpose_in");
  }
  CHECK(transpose_step);
}
