#pragma once
// The chip fields the lowering reads, and nothing else of the ChipSpec: rates, caches, power and
// energy shape the timing and the memory model, not the program. A pass that needs another chip
// field adds it here, so this one struct says which parts of a chip decide the program's shape.
#include <array>
#include <cstdint>

#include "chip/chip_spec.hpp"
#include "ir/dtype.hpp"

namespace anesim {

struct LoweringParams {
  // Rule 1: an ANE buffer's last axis is padded to this many bytes (a power of two).
  std::int64_t last_axis_alignment_bytes = 64;
  // Rule 10: a gathered table is resident in whole pages of this size.
  std::int64_t page_bytes = 16384;
  // Rule 13: ANE weights beyond this window put the whole model on the CPU; 0 is not checked.
  std::int64_t address_window_bytes = 0;
  // A convolution reducing over fewer MACs per output than this fills that share of the MAC array.
  std::int64_t conv_reduction_lanes = 1;
  // Rule 7: the dtypes the ANE computes in, by DType; an op reading or writing another is the CPU's.
  std::array<bool, k_dtype_bits.size()> ane_dtypes{};

  [[nodiscard]] bool ane_supports(DType type) const { return ane_dtypes[static_cast<std::size_t>(type)]; }
};

[[nodiscard]] LoweringParams lowering_params(const ChipSpec& chip);

}  // namespace anesim
