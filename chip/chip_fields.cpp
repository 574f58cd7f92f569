#include "chip/chip_fields.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace anesim {

namespace {

constexpr double tib = 1099511627776.0;  // a bound no real memory reaches, to reject typos

// Rates are bounded to what hardware can be, so that no work divided by a rate, and no rate
// multiplied by a time, leaves the finite doubles (1e-300 B/s made latencies inf, exit 0).
// FLOP/s: 1 MFLOP/s is below any processor of the last forty years; 1 EFLOP/s is a whole
// supercomputer, 25,000 times the largest ANE (38 TOPS).
ChipField flop_rate(const char* section, const char* key, const char* name, const char* doc, double ChipSpec::*m) {
  return {section, key, name, doc, m, nullptr, FieldRange::positive, 1e6, 1e18};
}
// Bytes/s: 1 MB/s is below any memory or on-chip bus; 1 PB/s is a thousand times an M-series
// Ultra's DRAM (800 GB/s) and far beyond any SRAM port.
ChipField byte_rate(const char* section, const char* key, const char* name, const char* doc, double ChipSpec::*m) {
  return {section, key, name, doc, m, nullptr, FieldRange::positive, 1e6, 1e15};
}
ChipField share(const char* section, const char* key, const char* name, const char* doc, double ChipSpec::*m) {
  return {section, key, name, doc, m, nullptr, FieldRange::fraction};
}
// Fixed costs: a second is already far beyond any per-op or per-dispatch cost.
ChipField seconds(const char* section, const char* key, const char* name, const char* doc, double ChipSpec::*m) {
  return {section, key, name, doc, m, nullptr, FieldRange::span, 0, 1};
}
ChipField count(const char* section, const char* key, const char* name, const char* doc, std::int64_t ChipSpec::*m,
                double min, double max) {
  return {section, key, name, doc, nullptr, m, FieldRange::count, min, max};
}

const std::array<ChipField, 22> k_fields = [] {
  ChipField alignment = count("ane", "last_axis_alignment_bytes", "last_axis_alignment_bytes",
                              "each W row is padded to this many bytes", &ChipSpec::last_axis_alignment_bytes, 1, 4096);
  alignment.power_of_two = true;
  ChipField instances = count("ane", "instances", "ane_instances",
                              "ANE instances on the SoC (2 on an Ultra); the ANE figures are one instance's",
                              &ChipSpec::ane_instances, 1, 8);
  instances.optional = true;
  instances.fallback = 1;
  // The fit limits (sim/device_fit.hpp) are optional, so that a user's chip file without them
  // still loads: 0 bytes means "not given" and that limit is not checked.
  ChipField window = count("ane", "address_window_bytes", "address_window_bytes",
                           "the ANE's device-virtual window for weights, bytes (0: not checked)",
                           &ChipSpec::address_window_bytes, 0, tib);
  window.optional = true;
  ChipField dram = count("memory", "dram_bytes", "dram_bytes", "DRAM of the chip file's dram_device, bytes (0: not checked)",
                         &ChipSpec::dram_bytes, 0, tib);
  dram.optional = true;
  // A share below 5% would leave no app room to run at all: a typo, not a device.
  ChipField app_share = {"memory", "app_dram_share", "app_dram_share", "share of dram_bytes one app may hold (the OS keeps the rest)",
                         &ChipSpec::app_dram_share, nullptr, FieldRange::span, 0.05, 1};
  app_share.optional = true;
  app_share.fallback = 1;
  return std::array<ChipField, 22>{
      count("ane", "cores", "cores", "Neural Engine cores", &ChipSpec::cores, 1, 1024),
      flop_rate("ane", "peak_fp16_flops_per_s", "peak_fp16_flops_per_s", "peak fp16 FLOP/s of the MAC arrays",
           &ChipSpec::peak_fp16_flops_per_s),
      share("ane", "mac_efficiency", "mac_efficiency", "sustained share of the MAC peak", &ChipSpec::mac_efficiency),
      flop_rate("ane", "vector_flops_per_s", "vector_flops_per_s", "vector path FLOP/s", &ChipSpec::vector_flops_per_s),
      count("ane", "l2_bytes", "l2_bytes", "ANE L2 (on-chip SRAM) bytes", &ChipSpec::l2_bytes, 0, tib),
      byte_rate("ane", "l2_bandwidth_Bps", "l2_bandwidth_Bps", "L2 bandwidth, bytes/s", &ChipSpec::l2_bandwidth_Bps),
      alignment,
      seconds("ane", "op_overhead_s", "op_overhead_s", "per-op overhead inside an ANE program, s", &ChipSpec::op_overhead_s),
      seconds("ane", "program_dispatch_s", "program_dispatch_s", "per ANE program launch, s", &ChipSpec::program_dispatch_s),
      seconds("ane", "handover_sync_s", "handover_sync_s", "per ANE->CPU border, s", &ChipSpec::handover_sync_s),
      byte_rate("ane", "stream_ceiling_Bps", "stream_ceiling_Bps", "the most the ANE's own port moves, bytes/s",
           &ChipSpec::stream_ceiling_Bps),
      instances,
      window,
      byte_rate("memory", "dram_bandwidth_Bps", "dram_bandwidth_Bps", "SoC DRAM peak bandwidth, bytes/s",
           &ChipSpec::dram_bandwidth_Bps),
      share("memory", "dram_efficiency", "dram_efficiency", "share of the DRAM peak a streaming engine achieves",
            &ChipSpec::dram_efficiency),
      count("memory", "slc_bytes", "slc_bytes", "system-level cache bytes", &ChipSpec::slc_bytes, 0, tib),
      count("memory", "page_bytes", "page_bytes", "VM page size, bytes", &ChipSpec::page_bytes, 1, 1073741824.0),
      dram,
      app_share,
      flop_rate("cpu", "flops_per_s", "cpu_flops_per_s", "fallback CPU FLOP/s", &ChipSpec::cpu_flops_per_s),
      byte_rate("cpu", "bandwidth_Bps", "cpu_bandwidth_Bps", "fallback CPU bandwidth, bytes/s", &ChipSpec::cpu_bandwidth_Bps),
      seconds("cpu", "op_overhead_s", "cpu_op_overhead_s", "per CPU op overhead, s", &ChipSpec::cpu_op_overhead_s),
  };
}();

}  // namespace

std::span<const ChipField> chip_fields() { return k_fields; }

double chip_field_value(const ChipSpec& chip, const ChipField& field) {
  return field.real ? chip.*field.real : static_cast<double>(chip.*field.whole);
}

void set_chip_field(ChipSpec& chip, const ChipField& field, double value) {
  if (field.real) {
    chip.*field.real = value;
  } else {
    chip.*field.whole = static_cast<std::int64_t>(value);
  }
}

bool chip_field_valid(const ChipField& field, double x) {
  if (!std::isfinite(x)) return false;
  switch (field.range) {
    case FieldRange::positive: return x > 0 && x >= field.min && x <= field.max;
    case FieldRange::fraction: return x > 0 && x <= 1;
    case FieldRange::span: return x >= field.min && x <= field.max;
    case FieldRange::count: {
      if (x != std::floor(x) || x < field.min || x > field.max) return false;
      const auto n = static_cast<std::int64_t>(x);
      return !field.power_of_two || (n & (n - 1)) == 0;
    }
  }
  return false;
}

std::string chip_field_expected(const ChipField& field) {
  switch (field.range) {
    case FieldRange::positive: return fmt::format("> 0 and in [{:g}, {:g}]", field.min, field.max);
    case FieldRange::fraction: return "in (0, 1]";
    case FieldRange::span: return fmt::format("in [{:g}, {:g}]", field.min, field.max);
    case FieldRange::count:
      return fmt::format("a whole number in [{:g}, {:g}]{}", field.min, field.max, field.power_of_two ? " and a power of two" : "");
  }
  return {};
}

}  // namespace anesim
