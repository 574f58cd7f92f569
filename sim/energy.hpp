#pragma once
// Energy per inference, counted the way Accelergy counts it (docs/modelling-rules.md rule 9): actions x energy
// per action, plus static power x time, from the chip file's `energy:` table and the run's power
// state. Actions: ANE MAC and vector FLOPs, bytes at the ANE's L2 (OpRecord.l2_bytes), DRAM bytes
// (read + written, after L2 and SLC hits), and the CPU-fallback ops' FLOPs and DRAM bytes.
//
// Scope: the engine's side of the work, as the seed's watts measure it. DRAM device energy (the
// LPDDR chips' own array and I/O energy) is not counted: at a few pJ/bit it alone would exceed the
// seed's 1.58 mJ for 86 MB of weights (see configs/chips/A15.yaml).
#include "sim/energy_params.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// Fills every op's energy_j and the run's energy totals and avg_power_w. A chip without an energy
// table gives zeros. An op's energy is its actions plus static power over its own time; the run's
// static part is over the whole latency (borders included), so the ops' sum is at most the run's.
void compute_energy(RunResult& result, const EnergyParams& params);

}  // namespace anesim
