#pragma once
// One ANE chip generation as plain, copyable data (loaded from configs/chips/*.yaml). SI units.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/dtype.hpp"

namespace anesim {

// One operating point of the engine (a DVFS point). Rates scale from the chip file's figures, which
// are the `high` state's; energies per action scale with the square of the supply voltage.
struct PowerState {
  std::string name;
  double compute_clock_scale = 1;   // multiplies the MAC and vector peaks and the L2 bandwidth
  double bandwidth_scale = 1;       // multiplies the ANE's DRAM and SLC/stream bandwidths
  double dynamic_energy_scale = 1;  // (V_state / V_high)^2: multiplies the ANE's energy per action
  double static_w = 0;              // clock tree and leakage while the engine is powered
  double cpu_clock_scale = 1;       // multiplies the fallback CPU's FLOP rate and bandwidth
  bool operator==(const PowerState&) const = default;
};

// Accelergy-style energy per action at the `high` state's voltage, in joules (the YAML says pJ).
struct EnergyTable {
  double mac_j_per_flop = 0;
  double vector_j_per_flop = 0;
  double l2_j_per_byte = 0;    // a byte served by or written into the ANE's L2
  double dram_j_per_byte = 0;  // engine side of a DRAM byte: the ANE's DMA and the fabric to the memory controller
  double cpu_j_per_flop = 0;
  double cpu_j_per_byte = 0;   // a byte a CPU-fallback op moves to or from memory
  bool operator==(const EnergyTable&) const = default;
};

struct ChipSpec {
  std::string name;
  std::string family;  // "A" or "M"
  std::int64_t year = 0;
  std::string devices;
  std::string source_file;
  // A variant (M3 Max) names its base chip's file and overrides only what differs.
  std::string base;        // the chip it inherits from; empty for a base chip
  std::string generation;  // the first chip of its chain: "M3" for M3, M3 Max and M3 Ultra
  std::string variant;     // "Pro", "Max", "Ultra"; empty for a base chip

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
  // ANE instances on the SoC (2 on an Ultra). Every ANE figure above is one instance's: a model
  // runs on one instance (Core ML does not split a model across them).
  std::int64_t ane_instances = 1;
  // The ANE's device-virtual window (its IOMMU aperture): the weights it reads must map into it.
  // 0: not given, not checked (sim/device_fit.hpp).
  std::int64_t address_window_bytes = 0;

  // Memory.
  double dram_bandwidth_Bps = 0;
  double dram_efficiency = 1;  // share of the DRAM peak a streaming engine achieves
  std::int64_t slc_bytes = 0;  // the SoC's system-level cache, shared by every engine
  std::int64_t page_bytes = 16384;
  // The DRAM of one device the chip ships in (dram_device; a chip file picks one, documented in
  // its comment), and the share of it one app may hold. dram_bytes 0: not given, not checked.
  std::int64_t dram_bytes = 0;
  double app_dram_share = 1;
  std::string dram_device;

  // The CPU that runs fallback ops.
  double cpu_flops_per_s = 0;
  double cpu_bandwidth_Bps = 0;
  double cpu_op_overhead_s = 0;

  // Power states (the first is the chip file's nominal figures, `high`) and energy per action.
  // A chip file without them has one `high` state and no energy table (energies come out zero).
  std::vector<PowerState> power_states;
  std::string power_state = "high";  // the state the rates above are currently scaled to
  EnergyTable energy;
  bool has_energy = false;

  // The ANE streams from DRAM at the lesser of what DRAM gives and what its port takes; SLC hits
  // are limited by the port alone.
  [[nodiscard]] double ane_dram_bandwidth_Bps() const;
  [[nodiscard]] double ane_slc_bandwidth_Bps() const { return stream_ceiling_Bps; }
  [[nodiscard]] double mac_flops_per_s() const { return peak_fp16_flops_per_s * mac_efficiency; }
  [[nodiscard]] bool ane_supports(DType type) const;
  // The state named `power_state`; a chip without states gets the identity `high` state.
  [[nodiscard]] PowerState current_power_state() const;
  bool operator==(const ChipSpec&) const = default;
};

// Throws anesim::Error naming the first field outside its valid range (chip/chip_fields.hpp, the
// table the YAML loader checks with file:line). It catches chips built or changed in code (the
// Python module's what-ifs), which would otherwise give a silently wrong (negative, NaN) report.
void check_chip(const ChipSpec& chip);

}  // namespace anesim
