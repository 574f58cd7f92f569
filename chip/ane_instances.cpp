#include "chip/ane_instances.hpp"

#include <string>

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

ChipSpec use_ane_instances(const ChipSpec& chip, std::int64_t instances) {
  if (instances < 1 || instances > chip.ane_instances) {
    throw Error(fmt::format("chip '{}' has {} ANE instance{}, not {}", chip.name, chip.ane_instances,
                            chip.ane_instances == 1 ? "" : "s", instances),
                chip.ane_instances == 1 ? std::string("use 1: an Ultra has 2") : fmt::format("use 1 to {}", chip.ane_instances));
  }
  if (instances == 1) return chip;
  ChipSpec out = chip;
  const auto n = static_cast<double>(instances);
  out.cores *= instances;
  out.peak_fp16_flops_per_s *= n;
  out.vector_flops_per_s *= n;
  out.l2_bytes *= instances;
  out.l2_bandwidth_Bps *= n;
  for (auto& state : out.power_states) state.static_w *= n;
  return out;
}

}  // namespace anesim
