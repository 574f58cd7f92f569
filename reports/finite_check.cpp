#include "reports/finite_check.hpp"

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

namespace {

constexpr const char* k_hint =
    "an input is far outside what hardware has (a rate near zero, a size near the largest number); check the "
    "chip's and the model's values";

[[noreturn]] void not_finite(const RunResult& run, const std::string& field, double value) {
  throw Error(fmt::format("the result of '{}' on '{}' ({} layout) has {} = {}, not a finite number", run.model, run.chip,
                          run.layout, field, value),
              k_hint);
}

// The real-valued fields the JSON and CSV writers print.
constexpr std::pair<const char*, double RunTotals::*> k_totals[] = {
    {"latency_s", &RunTotals::latency_s},
    {"flops", &RunTotals::flops},
    {"mac_flops", &RunTotals::mac_flops},
    {"vector_flops", &RunTotals::vector_flops},
    {"handover_s", &RunTotals::handover_s},
    {"app_io_s", &RunTotals::app_io_s},
    {"compute_share", &RunTotals::compute_share},
    {"bandwidth_share", &RunTotals::bandwidth_share},
    {"overhead_share", &RunTotals::overhead_share},
    {"energy_j", &RunTotals::energy_j},
    {"compute_energy_j", &RunTotals::compute_energy_j},
    {"l2_energy_j", &RunTotals::l2_energy_j},
    {"dram_energy_j", &RunTotals::dram_energy_j},
    {"cpu_energy_j", &RunTotals::cpu_energy_j},
    {"static_energy_j", &RunTotals::static_energy_j},
    {"avg_power_w", &RunTotals::avg_power_w},
};
constexpr std::pair<const char*, double OpRecord::*> k_op_fields[] = {
    {"start_s", &OpRecord::start_s},       {"end_s", &OpRecord::end_s},
    {"border_s", &OpRecord::border_s},     {"mac_flops", &OpRecord::mac_flops},
    {"vector_flops", &OpRecord::vector_flops}, {"energy_j", &OpRecord::energy_j},
};

}  // namespace

void require_finite(const RunResult& run, bool with_ops) {
  if (!std::isfinite(run.sparsity)) not_finite(run, "sparsity", run.sparsity);
  for (const auto& [name, member] : k_totals) {
    if (!std::isfinite(run.totals.*member)) not_finite(run, std::string("totals.") + name, run.totals.*member);
  }
  if (!with_ops) return;
  for (const OpRecord& op : run.ops) {
    for (const auto& [name, member] : k_op_fields) {
      if (!std::isfinite(op.*member)) not_finite(run, fmt::format("op '{}' {}", op.name, name), op.*member);
    }
  }
}

void require_finite(const std::vector<RunResult>& runs, bool with_ops) {
  for (const RunResult& run : runs) require_finite(run, with_ops);
}

void require_finite(const LayoutRatios& ratios, const LayoutPair& pair) {
  const std::pair<const char*, double> fields[] = {
      {"latency", ratios.latency}, {"peak_memory", ratios.peak_memory}, {"dram_traffic", ratios.dram_traffic}, {"energy", ratios.energy}};
  for (const auto& [name, value] : fields) {
    if (!std::isfinite(value)) {
      throw Error(fmt::format("the {} / {} ratio of {} is {}, not a finite number", pair.reference, pair.other, name, value), k_hint);
    }
  }
}

}  // namespace anesim
