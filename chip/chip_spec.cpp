#include "chip/chip_spec.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "chip/chip_fields.hpp"
#include "core/error.hpp"

namespace anesim {

void check_chip(const ChipSpec& c) {
  for (const ChipField& field : chip_fields()) {
    const double value = chip_field_value(c, field);
    if (chip_field_valid(field, value)) continue;
    const std::string expected = chip_field_expected(field);
    throw Error(fmt::format("chip '{}': {} is {:g}, expected {}", c.name, field.name, value, expected),
                fmt::format("set {} to a value {} (configs/chips/*.yaml gives each field's source)", field.name, expected));
  }
}

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
