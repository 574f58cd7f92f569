#include "sim/chip_spec.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim/error.hpp"

namespace anesim {

namespace {
[[noreturn]] void bad_field(const ChipSpec& chip, const char* field, double value, const char* expected) {
  throw Error(fmt::format("chip '{}': {} is {:g}, expected {}", chip.name, field, value, expected),
              fmt::format("set {} to a value {} (configs/chips/*.yaml gives each field's source)", field, expected));
}
void positive(const ChipSpec& c, const char* field, double x) {
  if (!(x > 0) || !std::isfinite(x)) bad_field(c, field, x, "> 0");
}
void non_negative(const ChipSpec& c, const char* field, double x) {
  if (!(x >= 0) || !std::isfinite(x)) bad_field(c, field, x, ">= 0");
}
void fraction(const ChipSpec& c, const char* field, double x) {
  if (!(x > 0 && x <= 1)) bad_field(c, field, x, "in (0, 1]");
}
}  // namespace

void check_chip(const ChipSpec& c) {
  if (c.cores < 1) bad_field(c, "cores", static_cast<double>(c.cores), ">= 1");
  if (c.ane_instances < 1) bad_field(c, "ane_instances", static_cast<double>(c.ane_instances), ">= 1");
  positive(c, "peak_fp16_flops_per_s", c.peak_fp16_flops_per_s);
  fraction(c, "mac_efficiency", c.mac_efficiency);
  positive(c, "vector_flops_per_s", c.vector_flops_per_s);
  non_negative(c, "l2_bytes", static_cast<double>(c.l2_bytes));
  positive(c, "l2_bandwidth_Bps", c.l2_bandwidth_Bps);
  const std::int64_t a = c.last_axis_alignment_bytes;
  if (a < 1 || (a & (a - 1)) != 0) bad_field(c, "last_axis_alignment_bytes", static_cast<double>(a), "a power of two");
  non_negative(c, "op_overhead_s", c.op_overhead_s);
  non_negative(c, "program_dispatch_s", c.program_dispatch_s);
  non_negative(c, "handover_sync_s", c.handover_sync_s);
  positive(c, "stream_ceiling_Bps", c.stream_ceiling_Bps);
  positive(c, "dram_bandwidth_Bps", c.dram_bandwidth_Bps);
  fraction(c, "dram_efficiency", c.dram_efficiency);
  non_negative(c, "slc_bytes", static_cast<double>(c.slc_bytes));
  if (c.page_bytes < 1) bad_field(c, "page_bytes", static_cast<double>(c.page_bytes), ">= 1");
  positive(c, "cpu_flops_per_s", c.cpu_flops_per_s);
  positive(c, "cpu_bandwidth_Bps", c.cpu_bandwidth_Bps);
  non_negative(c, "cpu_op_overhead_s", c.cpu_op_overhead_s);
}

bool ChipSpec::ane_supports(DType type) const {
  return std::find(ane_dtypes.begin(), ane_dtypes.end(), type) != ane_dtypes.end();
}

PowerState ChipSpec::current_power_state() const {
  for (const auto& state : power_states) {
    if (state.name == power_state) return state;
  }
  PowerState nominal;
  nominal.name = power_state;
  return nominal;
}

double ChipSpec::ane_dram_bandwidth_Bps() const {
  return std::min(dram_bandwidth_Bps * dram_efficiency, stream_ceiling_Bps);
}

}  // namespace anesim
