#pragma once
// Runs a graph on a chip: lower -> allocate and per-segment peaks -> L2 and SLC traffic -> schedule
// -> RunResult, whose latency adds the model I/O's copies across the app boundary
// (sim/app_boundary.hpp; RunTotals::app_io_s) to the engines' timeline. Each stage gets only the chip fields it reads (memory_params, timing_params). The
// executor never knows which model it runs.
#include <cstdint>

#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"
#include "sim/lower/pipeline.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// What a run keeps of its per-op records. Sweeps that keep only totals still need the records for
// the energy sums (sim/energy.hpp) but not their names: `drop` leaves OpRecord::name and kind
// empty and stores no names. Every other field, and the totals, are the same.
enum class OpRecordNames : std::uint8_t { keep, drop };

// `lowering` picks the lowering passes that run (all of them unless a what-if leaves some out).
[[nodiscard]] RunResult execute(const Graph& graph, const ChipSpec& chip, OpRecordNames names = OpRecordNames::keep,
                                const LoweringPipeline& lowering = {});

}  // namespace anesim
