#pragma once
// Rule 13, "it has to fit": does a run's memory fit the device it is predicted for? A prediction
// for a model that cannot load is still a valid prediction (the engines' times are what they
// are), so this does not refuse the run: it labels it, and the writers show the label.
#include <string>

#include "chip/chip_spec.hpp"
#include "sim/run_result.hpp"

namespace anesim {

struct DeviceFit {
  bool fits = true;
  std::string reason;  // empty when it fits; else every limit it breaks, "; "-separated
};

// Two limits, each checked only when the chip file gives it (a user's chip may leave them out):
//  - peak_memory_bytes against the DRAM one app may hold, dram_bytes x app_dram_share (the OS
//    keeps the rest for itself and other processes);
//  - weight_bytes against the ANE's device-virtual window, address_window_bytes: every weight
//    the engine reads must be mapped into it (DART, the ANE's IOMMU). All of the run's weights
//    are counted, CPU-segment ones too: an upper bound, since Core ML maps the model's weight
//    file whole. What would then run where (the hybrid-execution consequence) is not modelled.
[[nodiscard]] DeviceFit check_device_fit(const RunTotals& totals, const ChipSpec& chip);

// Writes check_device_fit() into result.fits and result.fit_reason.
void label_device_fit(RunResult& result, const ChipSpec& chip);

}  // namespace anesim
