#pragma once
// Rule 13, "it has to fit": does a run's memory fit the device it is predicted for? A prediction
// for a model that cannot load is still a valid prediction (the engines' times are what they
// are), so this does not refuse the run: it labels it, and the writers show the label.
#include "chip/chip_spec.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// Writes into result.fits and result.fit_reason whether result.totals fit the chip's device.
// Two limits, each checked only when the chip file gives it (a user's chip may leave them out):
//  - peak_memory_bytes against the DRAM one app may hold, dram_bytes x app_dram_share (the OS
//    keeps the rest for itself and other processes);
//  - weight_bytes against the ANE's device-virtual window, address_window_bytes: every weight
//    the engine reads must be mapped into it (DART, the ANE's IOMMU). All of the run's weights
//    are counted, CPU-segment ones too: an upper bound, since Core ML maps the model's weight
//    file whole. Such a model runs on the CPU (sim/lower/placement.hpp), and the reason says so.
// fit_reason is empty when it fits, else every limit it breaks, "; "-separated.
void label_device_fit(RunResult& result, const ChipSpec& chip);

}  // namespace anesim
