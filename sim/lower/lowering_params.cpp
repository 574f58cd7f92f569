#include "sim/lower/lowering_params.hpp"

namespace anesim {

LoweringParams lowering_params(const ChipSpec& chip) {
  LoweringParams p;
  p.last_axis_alignment_bytes = chip.last_axis_alignment_bytes;
  p.page_bytes = chip.page_bytes;
  p.address_window_bytes = chip.address_window_bytes;
  p.conv_reduction_lanes = chip.conv_reduction_lanes;
  for (std::size_t k = 0; k < p.ane_dtypes.size(); ++k) p.ane_dtypes[k] = chip.ane_supports(static_cast<DType>(k));
  return p;
}

}  // namespace anesim
