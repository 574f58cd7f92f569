#pragma once
// The chip fields the memory stages read, gathered in one place so that what drives them is
// visible: the traffic walk sizes its two caches from them. The allocator and the per-segment
// peaks read no chip field (a buffer's padded size was fixed by the lowering).
#include <cstdint>

#include "chip/chip_spec.hpp"

namespace anesim {

struct MemoryParams {
  std::int64_t l2_bytes = 0;   // the ANE's L2 (sim/memory/buffer_cache.hpp)
  std::int64_t slc_bytes = 0;  // the SoC's system-level cache behind it
};

// `chip` as the run uses it (power state and ANE instances applied: an Ultra's two L2s add up).
[[nodiscard]] inline MemoryParams memory_params(const ChipSpec& chip) {
  return {.l2_bytes = chip.l2_bytes, .slc_bytes = chip.slc_bytes};
}

}  // namespace anesim
