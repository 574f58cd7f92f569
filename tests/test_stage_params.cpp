// The per-stage parameters: which chip field each stage reads, taken from a chip in one place.
#include <doctest/doctest.h>

#include "core/si_text.hpp"
#include "sim/energy_params.hpp"
#include "sim/memory/memory_params.hpp"
#include "sim/timing/regime.hpp"
#include "sim/timing/timing_params.hpp"

using namespace anesim;

namespace {
ChipSpec two_state_chip() {
  ChipSpec c;
  c.cores = 16;
  c.peak_fp16_flops_per_s = 10e12;
  c.mac_efficiency = 0.5;
  c.l2_bytes = 4'000'000;
  c.slc_bytes = 32'000'000;
  c.dram_bandwidth_Bps = 100e9;
  c.dram_efficiency = 0.8;
  c.stream_ceiling_Bps = 50e9;
  c.power_states = {{"high", 1, 1, 1, 0.4, 1}, {"low", 0.5, 0.5, 0.25, 0.1, 1}};
  c.energy.mac_j_per_flop = 1e-12;
  c.has_energy = true;
  return c;
}
}  // namespace

TEST_CASE("timing parameters carry the run's derived rates") {
  const TimingParams t = timing_params(two_state_chip());
  // 10 TFLOP/s x 0.5 sustained = 5 TFLOP/s.
  CHECK(t.mac_flops_per_s == 5e12);
  // The DMA's DRAM rate is min(100 GB/s x 0.8, 50 GB/s port) = 50 GB/s; the port is 50 GB/s.
  CHECK(t.dram_bandwidth_Bps == 50e9);
  CHECK(t.port_bandwidth_Bps == 50e9);
  CHECK(t.cores == 16);
  CHECK(t.slc_bytes == 32'000'000);
}

TEST_CASE("memory parameters are the two caches' capacities") {
  const MemoryParams m = memory_params(two_state_chip());
  CHECK(m.l2_bytes == 4'000'000);
  CHECK(m.slc_bytes == 32'000'000);
}

TEST_CASE("energy parameters follow the chip's current power state") {
  ChipSpec chip = two_state_chip();
  CHECK(energy_params(chip).static_w == 0.4);
  CHECK(energy_params(chip).dynamic_energy_scale == 1);
  chip.power_state = "low";
  const EnergyParams low = energy_params(chip);
  // The low state's (V_low / V_high)^2 = 0.25 and its 0.1 W static power; the table is unscaled.
  CHECK(low.dynamic_energy_scale == 0.25);
  CHECK(low.static_w == 0.1);
  CHECK(low.per_action.mac_j_per_flop == 1e-12);
  CHECK(low.has_energy);
}

TEST_CASE("one regime rule: the largest term names it; a tie goes to overhead, then compute") {
  // Ops pass times, runs shares of their latency: the rule is the same for both.
  CHECK(dominant_regime(3e-6, 2e-6, 1e-6) == Regime::compute);
  CHECK(dominant_regime(2e-6, 3e-6, 1e-6) == Regime::bandwidth);
  CHECK(dominant_regime(0.2, 0.3, 0.5) == Regime::overhead);
  CHECK(dominant_regime(0.5, 0.0, 0.5) == Regime::overhead);   // overhead ties compute
  CHECK(dominant_regime(0.0, 0.5, 0.5) == Regime::overhead);   // overhead ties bandwidth
  CHECK(dominant_regime(0.4, 0.4, 0.2) == Regime::compute);    // the roofline's ridge point
  CHECK(dominant_regime(0.0, 0.0, 0.0) == Regime::overhead);   // a run of free steps only
}

TEST_CASE("bytes print with three significant digits in decimal units") {
  CHECK(byte_text(512) == "512 B");
  CHECK(byte_text(999) == "999 B");
  // 86,600,000 B / 1000 / 1000 = 86.6 MB; 1,610,612,736 B is 1.61 GB.
  CHECK(byte_text(86'600'000) == "86.6 MB");
  CHECK(byte_text(1'610'612'736) == "1.61 GB");
  // Past TB the unit stops: 5e15 B is 5000 TB.
  CHECK(byte_text(5e15) == "5e+03 TB");
}
