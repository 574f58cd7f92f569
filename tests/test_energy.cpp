// Power states and energy (docs/modelling-rules.md rule 9): the seed's two A15 operating points from one set of
// per-chip coefficients, the state scaling, the Accelergy-style arithmetic, and the JSON fields.
#include <doctest/doctest.h>

#include <sstream>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "reports/json_writer.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "sim/energy.hpp"
#include "core/error.hpp"
#include "chip/power_state.hpp"

using namespace anesim;

namespace {
const ChipSpec& a15() {
  static const ChipSpec c = load_chip("A15", default_config_dir());
  return c;
}
RunResult distilbert_on_a15(const std::string& state, const std::string& layout = "ane") {
  static const ModelSpec m = load_model("distilbert", default_config_dir());
  RunRequest r;
  r.layout = layout;
  r.batch = 1;
  r.seq = 128;
  r.power_state = state;
  return simulate(m, a15(), r);
}
}  // namespace

TEST_CASE("energy: A15 high power state, ANE layout, seq 128: the seed's 3.47 ms at 0.454 W") {
  const RunResult r = distilbert_on_a15("high");
  const RunTotals& t = r.totals;
  MESSAGE(fmt::format("high: {:.3f} ms, {:.3f} mJ, {:.1f} mW (seed: 3.47 ms, 1.58 mJ, 454 mW); compute {:.3f} / L2 {:.3f} / "
                      "DRAM {:.3f} / CPU {:.4f} / static {:.3f} mJ",
                      t.latency_s * 1e3, t.energy_j * 1e3, t.avg_power_w * 1e3, t.compute_energy_j * 1e3, t.l2_energy_j * 1e3,
                      t.dram_energy_j * 1e3, t.cpu_energy_j * 1e3, t.static_energy_j * 1e3));
  CHECK(r.power_state == "high");
  CHECK(t.latency_s == doctest::Approx(3.47e-3).epsilon(0.20));
  CHECK(t.avg_power_w == doctest::Approx(0.454).epsilon(0.25));
  // Expected, from configs/chips/A15.yaml (pJ per action at the high state's voltage, scale 1):
  //   compute 11.175 GFLOP MAC x 0.07 pJ + 0.026 GFLOP vector x 0.3 pJ      = 0.790 mJ
  //   L2      100.3 MB x 0.5 pJ/B                                             = 0.050 mJ
  //   DRAM    86.6 MB (the weights, streamed once) x 3.2 pJ/B                 = 0.277 mJ
  //   CPU     the 4 embedding ops: ~0.1 MFLOP x 20 pJ + ~0.4 MB x 10 pJ/B     = 0.006 mJ
  //   static  0.14 W x 3.44 ms                                                = 0.481 mJ
  //   total 1.60 mJ over 3.44 ms = 0.466 W (seed: 1.58 mJ, 0.454 W).
  CHECK(t.compute_energy_j == doctest::Approx(0.790e-3).epsilon(0.01));
  CHECK(t.dram_energy_j == doctest::Approx(86.6e6 * 3.2e-12).epsilon(0.01));
  CHECK(t.static_energy_j == doctest::Approx(0.14 * t.latency_s));
  CHECK(t.energy_j == doctest::Approx(1.60e-3).epsilon(0.02));
  CHECK(t.energy_j == doctest::Approx(t.compute_energy_j + t.l2_energy_j + t.dram_energy_j + t.cpu_energy_j + t.static_energy_j));
  CHECK(t.avg_power_w == doctest::Approx(t.energy_j / t.latency_s));
}

TEST_CASE("energy: A15 low power state, same coefficients: the seed's 9.44 ms at 0.072 W") {
  const RunResult high = distilbert_on_a15("high");
  const RunResult r = distilbert_on_a15("low");
  const RunTotals& t = r.totals;
  MESSAGE(fmt::format("low: {:.3f} ms, {:.3f} mJ, {:.1f} mW (seed: 9.44 ms, 0.68 mJ, 72 mW); compute {:.3f} / L2 {:.3f} / "
                      "DRAM {:.3f} / CPU {:.4f} / static {:.3f} mJ",
                      t.latency_s * 1e3, t.energy_j * 1e3, t.avg_power_w * 1e3, t.compute_energy_j * 1e3, t.l2_energy_j * 1e3,
                      t.dram_energy_j * 1e3, t.cpu_energy_j * 1e3, t.static_energy_j * 1e3));
  CHECK(r.power_state == "low");
  // Latency: the 2.84 ms of weight streaming and the compute slow by 1 / 0.37 (the port and the
  // engine share the DVFS knob); the 0.2 ms program launch and the CPU ops do not. About
  // 3.44 - 0.2 - 0.1 = 3.1 ms scaled / 0.37 = 8.4 ms, plus 0.3 ms = 8.5 ms (seed: 9.44 ms).
  CHECK(t.latency_s == doctest::Approx(9.44e-3).epsilon(0.20));
  CHECK(t.latency_s == doctest::Approx(8.53e-3).epsilon(0.03));
  // Energy: the same actions at (V_low / V_high)^2 = 0.45: (0.790 + 0.050 + 0.277) mJ x 0.45 =
  // 0.503 mJ; CPU unchanged 0.006 mJ; static 0.023 W x 8.53 ms = 0.196 mJ. Total 0.705 mJ over
  // 8.53 ms = 0.083 W (seed: 0.68 mJ, 0.072 W).
  CHECK(t.avg_power_w == doctest::Approx(0.072).epsilon(0.25));
  CHECK(t.energy_j == doctest::Approx(0.705e-3).epsilon(0.02));
  const double ane_actions_high = high.totals.compute_energy_j + high.totals.l2_energy_j + high.totals.dram_energy_j;
  const double ane_actions_low = t.compute_energy_j + t.l2_energy_j + t.dram_energy_j;
  CHECK(ane_actions_low == doctest::Approx(0.45 * ane_actions_high));
  CHECK(t.cpu_energy_j == doctest::Approx(high.totals.cpu_energy_j));
  // The same work, so the same bytes and FLOPs in both states.
  CHECK(t.dram_read_bytes == high.totals.dram_read_bytes);
  CHECK(t.flops == high.totals.flops);
}

TEST_CASE("power state: low scales the clock and the ANE's bandwidth; high is the file's figures") {
  const ChipSpec high = apply_power_state(a15(), "high");
  CHECK(high.peak_fp16_flops_per_s == a15().peak_fp16_flops_per_s);
  CHECK(high.ane_dram_bandwidth_Bps() == a15().ane_dram_bandwidth_Bps());
  const ChipSpec low = apply_power_state(a15(), "low");
  CHECK(low.power_state == "low");
  // 15.8 TFLOP/s x 0.37 = 5.846 TFLOP/s; min(34.1 x 0.89, 60.9) GB/s x 0.37 = 30.349 x 0.37 = 11.229 GB/s.
  CHECK(low.peak_fp16_flops_per_s == doctest::Approx(5.846e12));
  CHECK(low.vector_flops_per_s == doctest::Approx(0.49e12 * 0.37));
  CHECK(low.ane_dram_bandwidth_Bps() == doctest::Approx(11.229e9).epsilon(0.001));
  CHECK(low.ane_slc_bandwidth_Bps() == doctest::Approx(60.9e9 * 0.37));
  // The CPU drops to its own lower point with the engine (cpu_clock_scale 0.3): 50 x 0.3 = 15 GFLOP/s,
  // 7 x 0.3 = 2.1 GB/s.
  CHECK(low.cpu_flops_per_s == doctest::Approx(15e9));
  CHECK(low.cpu_bandwidth_Bps == doctest::Approx(2.1e9));
  // Going back to high from low restores the file's figures, not low's scaled again.
  const ChipSpec back = apply_power_state(low, "high");
  CHECK(back.peak_fp16_flops_per_s == doctest::Approx(a15().peak_fp16_flops_per_s));
  CHECK(back.ane_dram_bandwidth_Bps() == doctest::Approx(a15().ane_dram_bandwidth_Bps()));
  CHECK(back.cpu_bandwidth_Bps == doctest::Approx(a15().cpu_bandwidth_Bps));
}

TEST_CASE("power state: an unknown name is an error listing the chip's states") {
  CHECK_THROWS_AS((void)apply_power_state(a15(), "turbo"), Error);
  try {
    (void)apply_power_state(a15(), "turbo");
  } catch (const Error& e) {
    const std::string text = e.what();
    CHECK(text.find("no power state 'turbo'") != std::string::npos);
    CHECK(text.find("high, low") != std::string::npos);
  }
}

TEST_CASE("power states and energy tables: every shipped chip has high and low and an energy table") {
  for (const auto& chip : load_all_chips(default_config_dir())) {
    INFO(chip.name);
    CHECK(chip.has_energy);
    REQUIRE(chip.power_states.size() >= 2);
    CHECK(chip.power_states[0].name == "high");
    CHECK(chip.power_states[0].compute_clock_scale == 1.0);
    CHECK(chip.power_states[0].bandwidth_scale == 1.0);
    const ChipSpec low = apply_power_state(chip, "low");
    CHECK(low.peak_fp16_flops_per_s < chip.peak_fp16_flops_per_s);
    CHECK(low.current_power_state().static_w < chip.current_power_state().static_w);
  }
}

TEST_CASE("energy: actions x energy per action plus static power x time, per op and per run") {
  ChipSpec chip;
  chip.has_energy = true;
  chip.energy = {1e-12, 2e-12, 3e-12, 4e-12, 5e-12, 6e-12};  // mac, vector, L2, DRAM, CPU FLOP, CPU byte
  chip.power_states = {{"high", 1, 1, 1, 0.5}, {"low", 0.5, 0.5, 0.25, 0.1}};
  RunResult r;
  OpRecord ane;
  ane.engine = Engine::ane;
  ane.start_s = 0;
  ane.end_s = 1e-3;
  ane.mac_flops = 1e9;
  ane.vector_flops = 1e6;
  ane.l2_bytes = 1000000;
  ane.dram_read_bytes = 2000000;
  ane.dram_write_bytes = 500000;
  OpRecord cpu;
  cpu.engine = Engine::cpu;
  cpu.start_s = 1e-3;
  cpu.end_s = 1.5e-3;
  cpu.vector_flops = 1e6;
  cpu.dram_read_bytes = 100000;
  OpRecord relabel;
  relabel.free = true;
  r.ops = {ane, cpu, relabel};
  r.totals.latency_s = 2e-3;  // 0.5 ms more at a border
  compute_energy(r, energy_params(chip));
  // ANE op: 1e9 x 1 pJ + 1e6 x 2 pJ = 1.002 mJ compute; 1e6 B x 3 pJ = 3 uJ L2; 2.5e6 B x 4 pJ = 10 uJ
  // DRAM; plus 0.5 W x 1 ms = 0.5 mJ static over its time: 1.515 mJ.
  CHECK(r.totals.compute_energy_j == doctest::Approx(1.002e-3));
  CHECK(r.totals.l2_energy_j == doctest::Approx(3e-6));
  CHECK(r.totals.dram_energy_j == doctest::Approx(10e-6));
  CHECK(r.ops[0].energy_j == doctest::Approx(1.515e-3));
  // CPU op: 1e6 x 5 pJ + 1e5 B x 6 pJ = 5.6 uJ, plus 0.5 W x 0.5 ms = 0.25 mJ.
  CHECK(r.totals.cpu_energy_j == doctest::Approx(5.6e-6));
  CHECK(r.ops[1].energy_j == doctest::Approx(5.6e-6 + 0.25e-3));
  CHECK(r.ops[2].energy_j == 0);
  // Run: static over the whole 2 ms (border included) = 1 mJ; total 1.0206 mJ; 0.5103 W.
  CHECK(r.totals.static_energy_j == doctest::Approx(1e-3));
  CHECK(r.totals.energy_j == doctest::Approx(1.002e-3 + 3e-6 + 10e-6 + 5.6e-6 + 1e-3));
  CHECK(r.totals.avg_power_w == doctest::Approx(r.totals.energy_j / 2e-3));
  // In the low state the ANE's actions cost 0.25x (V^2), the CPU's do not, static is 0.1 W.
  chip.power_state = "low";
  compute_energy(r, energy_params(chip));
  CHECK(r.totals.compute_energy_j == doctest::Approx(0.25 * 1.002e-3));
  CHECK(r.totals.cpu_energy_j == doctest::Approx(5.6e-6));
  CHECK(r.totals.static_energy_j == doctest::Approx(0.1 * 2e-3));
  // A chip file without an energy table gives zeros, not garbage.
  chip.has_energy = false;
  compute_energy(r, energy_params(chip));
  CHECK(r.totals.energy_j == 0);
  CHECK(r.ops[0].energy_j == 0);
}

TEST_CASE("energy: the JSON says which power state and carries energy per run and per op") {
  const std::vector<RunResult> runs{distilbert_on_a15("low", "baseline"), distilbert_on_a15("low", "ane")};
  std::ostringstream out;
  write_json(out, runs, true);
  const std::string json = out.str();
  CHECK(json.find("\"power_state\": \"low\"") != std::string::npos);
  CHECK(json.find("\"avg_power_w\": ") != std::string::npos);
  CHECK(json.find("\"static_energy_j\": ") != std::string::npos);
  CHECK(json.find("\"regime\": \"bandwidth-bound\", \"energy_j\": ") != std::string::npos);
  CHECK(json.find("\"dram_traffic\": ") != std::string::npos);
  CHECK(json.find(", \"energy\": ") != std::string::npos);
  // The baseline layout does more work for the same answer, so it costs more energy.
  CHECK(runs[0].totals.energy_j > runs[1].totals.energy_j);
}
