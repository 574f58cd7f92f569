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
  // `anesim calibrate`'s copy of its base (the same chip in the same devices, some rates fitted):
  // what it was fitted to; empty for any other chip.
  std::string calibrated_to;

  // The numeric fields, one line each in chip/chip_fields.def with their chip-file key, range and
  // doc (the ANE's, then memory's, then the fallback CPU's).
#define ANESIM_CHIP_FIELD(section, key, member, type, initial, rule, doc) type member = initial;
#include "chip/chip_fields.def"
#undef ANESIM_CHIP_FIELD
  std::vector<DType> ane_dtypes;  // the element types the ANE runs natively
  std::string dram_device;        // the device whose DRAM dram_bytes is, one of `devices`

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
