#pragma once
// Power states (docs/modelling-rules.md rule 9): a chip file's rates are its `high` state's; another state scales
// what its entry says it scales (the compute clock, the ANE's bandwidth, the energy per action).
#include <string>
#include <vector>

#include "chip/chip_spec.hpp"

namespace anesim {

// The chip with its rates scaled to the named state, and `power_state` set to it. Applying a state
// to a chip already in another one starts from the chip file's figures, not the scaled ones.
// An unknown name is an anesim::Error listing the chip's states.
[[nodiscard]] ChipSpec apply_power_state(const ChipSpec& chip, const std::string& name);

// The chip's state names in file order (`high` alone for a chip file without states).
[[nodiscard]] std::vector<std::string> power_state_names(const ChipSpec& chip);

}  // namespace anesim
