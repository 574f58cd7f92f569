#include "sim/chip_spec.hpp"

#include <algorithm>

namespace anesim {

bool ChipSpec::ane_supports(DType type) const {
  return std::find(ane_dtypes.begin(), ane_dtypes.end(), type) != ane_dtypes.end();
}

PowerState ChipSpec::current_power_state() const {
  for (const auto& state : power_states) {
    if (state.name == power_state) return state;
  }
  PowerState nominal;
  nominal.name = power_state;
  return nominal;
}

double ChipSpec::ane_dram_bandwidth_Bps() const {
  return std::min(dram_bandwidth_Bps * dram_efficiency, stream_ceiling_Bps);
}

}  // namespace anesim
