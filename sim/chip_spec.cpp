#include "sim/chip_spec.hpp"

#include <algorithm>

namespace anesim {

bool ChipSpec::ane_supports(DType type) const {
  return std::find(ane_dtypes.begin(), ane_dtypes.end(), type) != ane_dtypes.end();
}

double ChipSpec::ane_dram_bandwidth_Bps() const {
  return std::min(dram_bandwidth_Bps * dram_efficiency, stream_ceiling_Bps);
}

}  // namespace anesim
