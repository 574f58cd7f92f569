#pragma once
// One ANE chip generation as plain, copyable data (loaded from configs/chips/*.yaml). SI units.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/dtype.hpp"

namespace anesim {

struct ChipSpec {
  std::string name;
  std::string family;  // "A" or "M"
  std::int64_t year = 0;
  std::string devices;
  std::string source_file;

  // The Neural Engine.
  std::int64_t cores = 16;
  double peak_fp16_flops_per_s = 0;
  double mac_efficiency = 1;  // sustained share of peak on the MAC arrays
  double vector_flops_per_s = 0;
  std::int64_t l2_bytes = 0;
  double l2_bandwidth_Bps = 0;
  std::int64_t last_axis_alignment_bytes = 64;
  double op_overhead_s = 0;       // per op inside an ANE program
  double program_dispatch_s = 0;  // per ANE program launch (each CPU->ANE border and the first)
  double handover_sync_s = 0;     // per ANE->CPU border: the CPU waits for the completion signal
  std::vector<DType> ane_dtypes;
  double stream_ceiling_Bps = 0;  // the most the ANE's own port moves, whatever the SoC offers

  // Memory.
  double dram_bandwidth_Bps = 0;
  double dram_efficiency = 1;  // share of the DRAM peak a streaming engine achieves
  std::int64_t slc_bytes = 0;  // the SoC's system-level cache, shared by every engine
  std::int64_t page_bytes = 16384;

  // The CPU that runs fallback ops.
  double cpu_flops_per_s = 0;
  double cpu_bandwidth_Bps = 0;
  double cpu_op_overhead_s = 0;

  // The ANE streams from DRAM at the lesser of what DRAM gives and what its port takes; SLC hits
  // are limited by the port alone.
  [[nodiscard]] double ane_dram_bandwidth_Bps() const;
  [[nodiscard]] double ane_slc_bandwidth_Bps() const { return stream_ceiling_Bps; }
  [[nodiscard]] double mac_flops_per_s() const { return peak_fp16_flops_per_s * mac_efficiency; }
  [[nodiscard]] bool ane_supports(DType type) const;
};

}  // namespace anesim
