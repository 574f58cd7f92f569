#pragma once
// The chip fields the energy count reads (docs/modelling-rules.md rule 9), gathered in one place:
// the energy per action at the `high` state's voltage, and the run's power state, which scales
// the ANE's actions by its voltage squared and adds its static power.
#include "chip/chip_spec.hpp"

namespace anesim {

struct EnergyParams {
  bool has_energy = false;  // a chip file without an `energy:` table: every energy is zero
  EnergyTable per_action;
  double dynamic_energy_scale = 1;  // (V_state / V_high)^2, for the ANE's actions only
  double static_w = 0;
};

// `chip` in the state the run was executed in (apply_power_state).
[[nodiscard]] inline EnergyParams energy_params(const ChipSpec& chip) {
  const PowerState state = chip.current_power_state();
  return {.has_energy = chip.has_energy,
          .per_action = chip.energy,
          .dynamic_energy_scale = state.dynamic_energy_scale,
          .static_w = state.static_w};
}

}  // namespace anesim
