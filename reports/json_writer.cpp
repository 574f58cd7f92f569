#include "reports/json_writer.hpp"

#include <fmt/format.h>

#include "reports/json_text.hpp"

#include "reports/comparison.hpp"
#include "reports/finite_check.hpp"

namespace anesim {

namespace {

std::string num(double x) { return fmt::format("{}", x); }
std::string num(std::int64_t x) { return fmt::format("{}", x); }
std::string num(std::int32_t x) { return fmt::format("{}", x); }

void totals(std::ostream& o, const RunTotals& t) {
  o << "{\"latency_s\": " << num(t.latency_s) << ", \"peak_memory_bytes\": " << num(t.peak_memory_bytes)
    << ", \"weight_bytes\": " << num(t.weight_bytes) << ", \"constant_bytes\": " << num(t.constant_bytes)
    << ", \"peak_activation_bytes\": " << num(t.peak_activation_bytes)
    << ", \"peak_activation_logical_bytes\": " << num(t.peak_activation_logical_bytes)
    << ", \"arena_bytes\": " << num(t.arena_bytes) << ", \"dram_read_bytes\": " << num(t.dram_read_bytes)
    << ", \"dram_write_bytes\": " << num(t.dram_write_bytes) << ", \"flops\": " << num(t.flops)
    << ", \"mac_flops\": " << num(t.mac_flops) << ", \"vector_flops\": " << num(t.vector_flops)
    << ", \"parameter_count\": " << num(t.parameter_count) << ", \"op_count\": " << num(t.op_count)
    << ", \"ane_ops\": " << num(t.ane_ops) << ", \"cpu_ops\": " << num(t.cpu_ops) << ", \"free_ops\": " << num(t.free_ops)
    << ", \"copy_ops\": " << num(t.copy_ops) << ", \"transposes\": " << num(t.transposes)
    << ", \"handovers\": " << num(t.handovers) << ", \"handover_s\": " << num(t.handover_s)
    << ", \"handover_bytes\": " << num(t.handover_bytes) << ", \"regime\": " << json_quoted(std::string(regime_name(t.regime)))
    << ", \"compute_share\": " << num(t.compute_share) << ", \"bandwidth_share\": " << num(t.bandwidth_share)
    << ", \"overhead_share\": " << num(t.overhead_share) << ", \"energy_j\": " << num(t.energy_j)
    << ", \"compute_energy_j\": " << num(t.compute_energy_j) << ", \"l2_energy_j\": " << num(t.l2_energy_j)
    << ", \"dram_energy_j\": " << num(t.dram_energy_j) << ", \"cpu_energy_j\": " << num(t.cpu_energy_j)
    << ", \"static_energy_j\": " << num(t.static_energy_j) << ", \"avg_power_w\": " << num(t.avg_power_w) << "}";
}

void op_record(std::ostream& o, const OpRecord& r) {
  o << "{\"name\": " << json_quoted(r.name) << ", \"kind\": " << json_quoted(r.kind)
    << ", \"engine\": " << json_quoted(std::string(engine_name(r.engine))) << ", \"start_s\": " << num(r.start_s)
    << ", \"end_s\": " << num(r.end_s) << ", \"border_s\": " << num(r.border_s) << ", \"mac_flops\": " << num(r.mac_flops)
    << ", \"vector_flops\": " << num(r.vector_flops) << ", \"weight_bytes\": " << num(r.weight_bytes)
    << ", \"dram_read_bytes\": " << num(r.dram_read_bytes) << ", \"dram_write_bytes\": " << num(r.dram_write_bytes)
    << ", \"l2_bytes\": " << num(r.l2_bytes) << ", \"l2_hit\": " << (r.l2_hit() ? "true" : "false")
    << ", \"free\": " << (r.free ? "true" : "false") << ", \"copies\": " << (r.copies ? "true" : "false")
    << ", \"transposes\": " << num(r.transposes) << ", \"logical_bytes\": " << num(r.logical_bytes)
    << ", \"padded_bytes\": " << num(r.padded_bytes) << ", \"cores_used\": " << num(r.cores_used)
    << ", \"regime\": " << json_quoted(std::string(regime_name(r.regime))) << ", \"energy_j\": " << num(r.energy_j) << "}";
}

// A comparison has a run per layout: more runs than this are a study, not one comparison.
constexpr std::size_t k_max_compared_runs = 16;

// The reference layout's ratios over each other layout, when the runs are one comparison.
template <typename Visit>
void for_each_ratio(const std::vector<std::pair<std::string, RunTotals>>& runs, Visit visit) {
  std::vector<std::string> layouts;
  for (const auto& run : runs) layouts.push_back(run.first);
  if (runs.size() > k_max_compared_runs || !is_reference_comparison(layouts)) return;
  for (std::size_t i = 1; i < runs.size(); ++i)
    visit(LayoutPair{runs.front().first, runs[i].first}, layout_ratios(runs.front().second, runs[i].second));
}
}  // namespace

void write_json(std::ostream& o, const std::vector<RunResult>& runs, bool with_ops) {
  // Checked before the first byte: a refused result leaves no half-written JSON behind.
  require_finite(runs, with_ops);
  std::vector<std::pair<std::string, RunTotals>> compared;
  for (std::size_t i = 0; i < runs.size() && i <= k_max_compared_runs; ++i) compared.emplace_back(runs[i].layout, runs[i].totals);
  for_each_ratio(compared, [](const LayoutPair& pair, const LayoutRatios& ratio) { require_finite(ratio, pair); });
  JsonRunsWriter writer(o, with_ops);
  for (const RunResult& r : runs) writer.add(r);
  writer.finish();
}

JsonRunsWriter::JsonRunsWriter(std::ostream& out, bool with_ops) : out_(out), with_ops_(with_ops) { out_ << "{\n  \"runs\": ["; }

void JsonRunsWriter::add(const RunResult& r) {
  require_finite(r, with_ops_);
  std::ostream& o = out_;
  const std::size_t i = count_++;
  if (i < k_max_compared_runs + 1) compared_.emplace_back(r.layout, r.totals);
  {
    o << (i ? ",\n" : "\n") << "    {\"model\": " << json_quoted(r.model) << ", \"chip\": " << json_quoted(r.chip)
      << ", \"layout\": " << json_quoted(r.layout) << ", \"batch\": " << num(r.batch) << ", \"seq\": " << num(r.seq)
      << ", \"phase\": " << json_quoted(r.phase) << ", \"kv_len\": " << num(r.kv_len)
      << ", \"weights\": " << json_quoted(r.weights) << ", \"sparsity\": " << num(r.sparsity)
      << ", \"power_state\": " << json_quoted(r.power_state) << ", \"ane_instances\": " << num(r.ane_instances)
      << ", \"fits\": " << (r.fits ? "true" : "false") << ", \"fit_reason\": " << json_quoted(r.fit_reason)
      << ",\n     \"totals\": ";
    totals(o, r.totals);
    if (with_ops_) {
      o << ",\n     \"ops\": [";
      for (std::size_t k = 0; k < r.ops.size(); ++k) {
        o << (k ? ",\n       " : "\n       ");
        op_record(o, r.ops[k]);
      }
      o << "\n     ]";
    }
    o << "}";
  }
}

void JsonRunsWriter::finish() {
  std::ostream& o = out_;
  // The runs of one comparison (`anesim run --layout both`: the reference layout, then each other
  // once) are followed by the reference's ratios over each other layout.
  for_each_ratio(compared_, [](const LayoutPair& pair, const LayoutRatios& ratio) { require_finite(ratio, pair); });
  o << "\n  ]";
  for_each_ratio(compared_, [&](const LayoutPair& pair, const LayoutRatios& r) {
    o << ",\n  " << json_quoted(pair.reference + "_over_" + pair.other) << ": {\"latency\": " << num(r.latency)
      << ", \"peak_memory\": " << num(r.peak_memory) << ", \"dram_traffic\": " << num(r.dram_traffic)
      << ", \"energy\": " << num(r.energy) << "}";
  });
  o << "\n}\n";
}

}  // namespace anesim
