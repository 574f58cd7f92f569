#include "chip/power_state.hpp"

#include "core/choice_list.hpp"
#include "core/error.hpp"

namespace anesim {

namespace {

void scale_rates(ChipSpec& chip, double clock, double bandwidth, double cpu_clock) {
  // The MAC arrays, the vector unit and the L2 banks share the engine's clock.
  chip.peak_fp16_flops_per_s *= clock;
  chip.vector_flops_per_s *= clock;
  chip.l2_bandwidth_Bps *= clock;
  // The ANE's port to the fabric: both terms of min(DRAM x efficiency, stream ceiling) and the SLC path.
  chip.dram_bandwidth_Bps *= bandwidth;
  chip.stream_ceiling_Bps *= bandwidth;
  // The fallback CPU's own DVFS point: its arithmetic and what one core streams.
  chip.cpu_flops_per_s *= cpu_clock;
  chip.cpu_bandwidth_Bps *= cpu_clock;
}

}  // namespace

std::vector<std::string> power_state_names(const ChipSpec& chip) {
  std::vector<std::string> names;
  for (const auto& state : chip.power_states) names.push_back(state.name);
  if (names.empty()) names.emplace_back("high");
  return names;
}

ChipSpec apply_power_state(const ChipSpec& chip, const std::string& name) {
  if (chip.power_states.empty()) {
    if (name == "high") return chip;
    throw Error("chip '" + chip.name + "' has no power state '" + name + "'",
                "its file lists no power_states, so only `high` (its own figures) exists; valid choices: high");
  }
  const PowerState* wanted = nullptr;
  for (const auto& state : chip.power_states) {
    if (state.name == name) wanted = &state;
  }
  if (wanted == nullptr) {
    throw Error("chip '" + chip.name + "' has no power state '" + name + "'", "valid choices: " + choice_list(power_state_names(chip)));
  }
  ChipSpec out = chip;
  const PowerState current = chip.current_power_state();
  scale_rates(out, 1 / current.compute_clock_scale, 1 / current.bandwidth_scale,
              1 / current.cpu_clock_scale);  // back to the file's figures
  scale_rates(out, wanted->compute_clock_scale, wanted->bandwidth_scale, wanted->cpu_clock_scale);
  out.power_state = wanted->name;
  return out;
}

}  // namespace anesim
