#pragma once
// Walks a Program through the memory hierarchy and counts, per op, where its bytes came from and
// went: the ANE's L2, the SoC's system-level cache (SLC), or DRAM. The ANE's accesses go through
// L2, then the SLC; the CPU's go straight to the SLC: a tensor the CPU reads from a dirty L2
// buffer is first written back (a hand-over transfer), and a tensor the CPU writes is fetched
// again by the ANE. Weights are streamed by the kernel DMA and allocate in neither cache
// (tinygrad: L2 holds inputs and outputs, not weights; a weight is read once per inference, so
// caching it cannot help), so the scheduler counts them, not this walk.
#include <cstdint>
#include <vector>

#include "sim/lower/program.hpp"
#include "sim/memory/memory_params.hpp"

namespace anesim {

struct OpTraffic {
  std::int64_t dram_read_bytes = 0;  // activations and constants; weights are added by the scheduler
  std::int64_t dram_write_bytes = 0;
  std::int64_t slc_bytes = 0;        // served by or written into the SLC
  std::int64_t l2_bytes = 0;         // served by or written into L2
  std::int64_t handover_bytes = 0;   // dirty ANE buffers written back for the CPU
  std::int32_t l2_hits = 0;
  std::int32_t l2_misses = 0;
  std::int64_t l2_free_after_bytes = 0;
  bool operator==(const OpTraffic&) const = default;  // every field: the schedule's replay compares periods
};

// Periods of the program that repeat the one before, caches included, take its traffic rather than
// being walked again (sim/memory/period_replay.hpp); `replayed_steps`, when given, counts their steps.
[[nodiscard]] std::vector<OpTraffic> simulate_traffic(const Program& program, const MemoryParams& params,
                                                      std::int32_t* replayed_steps = nullptr);

}  // namespace anesim
