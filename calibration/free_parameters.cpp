#include "calibration/free_parameters.hpp"

#include <algorithm>

#include "core/config_node.hpp"
#include "core/error.hpp"

namespace anesim {

const std::vector<std::string>& default_free_parameters() {
  // In chip-file order. Left out on purpose: peak FLOP/s, DRAM bandwidth, cache sizes, the
  // alignment (datasheets, the seed, die shots), and the stream ceiling, measured on M-series.
  static const std::vector<std::string> names{
      "mac_efficiency",     // calibration (Figure 2) or estimate in every chip file
      "vector_flops_per_s", // estimate: 1/32 of the MAC peak, no public measurement
      "op_overhead_s",      // estimate from one M4 measurement
      "program_dispatch_s", // public Core ML timings, spread 0.19-0.23 ms
      "handover_sync_s",    // derived from one round trip
      "dram_efficiency",    // a lower bound from one M1 measurement
      "cpu_flops_per_s",    // estimate: a P-core at half efficiency
      "cpu_bandwidth_Bps",  // calibration (Figure 2)
      "cpu_op_overhead_s",  // calibration (Figure 2)
  };
  return names;
}

const ChipField& fittable_field(const std::string& name) {
  std::vector<std::string> valid;
  for (const ChipField& f : chip_fields()) {
    if (f.real == nullptr) continue;
    if (name == f.name) return f;
    valid.emplace_back(f.name);
  }
  const bool whole = std::any_of(chip_fields().begin(), chip_fields().end(), [&](const ChipField& f) { return name == f.name; });
  if (whole) throw Error("chip parameter '" + name + "' is a whole number, which a fit does not move", valid_values_hint(name, valid));
  throw Error("no chip parameter '" + name + "' to fit", valid_values_hint(name, valid));
}

FitRange fit_range(const ChipField& field) {
  switch (field.range) {
    case FieldRange::fraction:
      return {1e-3, 1};
    case FieldRange::span:
      return {std::max(field.min, 1e-9), field.max};
    case FieldRange::positive:
    case FieldRange::count:
      break;
  }
  return {field.min, field.max};
}

}  // namespace anesim
