#pragma once
// Activation memory: every non-constant buffer lives from the step that first touches it to the
// step that last needs it. The peak is the largest total of live allocated (padded) bytes at any
// step; offsets are assigned greedily, largest buffer first, into the lowest gap that no
// time-overlapping buffer uses, and the arena is the highest end reached. O(n log n) whatever the
// lifetimes (a gpt2 of 1,400 layers took 36 s when long-lived buffers made it quadratic).
#include <cstdint>
#include <vector>

#include "sim/lower/program.hpp"

namespace anesim {

struct Allocation {
  std::int64_t peak_bytes = 0;          // largest live total, allocated (padded) bytes
  std::int64_t peak_logical_bytes = 0;  // the same buffers' logical bytes at that step
  std::int32_t peak_step = 0;
  std::int64_t arena_bytes = 0;         // size of the offset plan; >= peak_bytes
  std::vector<std::int64_t> offsets;    // per buffer; -1 for constants (held with the weights)
  std::int32_t replayed_buffers = 0;    // placed from their counterparts in the layer before
};

// Three searches give the same offsets (the same first fit, tested against each other):
// `automatic` picks the cheapest for the program's lifetimes (sim/memory/offset_blocks.hpp for
// the first two). Only tests ask for one by name.
enum class OffsetSearch { automatic, blocks, superblocks, index };
// Repeated layers placed from the layer before where that is provably first fit's placement
// (sim/memory/period_offsets.hpp); off searches every buffer, for the tests that compare them.
enum class PeriodReplay { on, off };

[[nodiscard]] Allocation allocate_buffers(const Program& program, OffsetSearch search = OffsetSearch::automatic,
                                          PeriodReplay replay = PeriodReplay::on);

}  // namespace anesim
