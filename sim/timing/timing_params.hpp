#pragma once
// The chip fields the scheduler reads (modelling rules 5, 7 and 11), gathered in one place so that
// what drives the timing is visible. Rates are the run's: the chip's power state and ANE
// instances are applied before these are taken (chip/power_state.hpp, chip/ane_instances.hpp).
#include <cstdint>

#include "chip/chip_spec.hpp"

namespace anesim {

struct TimingParams {
  // The Neural Engine.
  std::int64_t cores = 1;
  double mac_flops_per_s = 0;     // sustained: peak x mac_efficiency
  double vector_flops_per_s = 0;
  double l2_bandwidth_Bps = 0;
  double dram_bandwidth_Bps = 0;  // what the ANE's DMA gets from DRAM: min(DRAM x efficiency, port)
  double port_bandwidth_Bps = 0;  // the ANE's port, the ceiling on every byte (DRAM or SLC)
  std::int64_t slc_bytes = 0;     // a batch's re-streamed weights hit the SLC when they fit in it
  double op_overhead_s = 0;
  double program_dispatch_s = 0;
  double handover_sync_s = 0;
  // The CPU that runs fallback ops.
  double cpu_flops_per_s = 0;
  double cpu_bandwidth_Bps = 0;
  double cpu_op_overhead_s = 0;
};

[[nodiscard]] inline TimingParams timing_params(const ChipSpec& chip) {
  return {
      .cores = chip.cores,
      .mac_flops_per_s = chip.mac_flops_per_s(),
      .vector_flops_per_s = chip.vector_flops_per_s,
      .l2_bandwidth_Bps = chip.l2_bandwidth_Bps,
      .dram_bandwidth_Bps = chip.ane_dram_bandwidth_Bps(),
      .port_bandwidth_Bps = chip.ane_slc_bandwidth_Bps(),
      .slc_bytes = chip.slc_bytes,
      .op_overhead_s = chip.op_overhead_s,
      .program_dispatch_s = chip.program_dispatch_s,
      .handover_sync_s = chip.handover_sync_s,
      .cpu_flops_per_s = chip.cpu_flops_per_s,
      .cpu_bandwidth_Bps = chip.cpu_bandwidth_Bps,
      .cpu_op_overhead_s = chip.cpu_op_overhead_s,
  };
}

}  // namespace anesim
