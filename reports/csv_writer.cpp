#include "reports/csv_writer.hpp"

#include <fmt/format.h>

#include "reports/csv_field.hpp"
#include "reports/finite_check.hpp"

namespace anesim {

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns{
      "model",        "chip",          "layout",          "phase",           "kv_len",         "weights",
      "sparsity",     "power_state",   "ane_instances",   "batch",         "seq",             "latency_s",       "peak_memory_bytes", "weight_bytes",
      "constant_bytes", "peak_activation_bytes", "dram_read_bytes", "dram_write_bytes", "flops", "ane_ops",     "cpu_ops",
      "handovers",    "handover_s",    "regime",          "compute_share",   "bandwidth_share", "overhead_share",
      "energy_j",     "avg_power_w"};
  return columns;
}

void write_csv_header(std::ostream& out) {
  std::string line;
  for (const auto& column : csv_columns()) line += (line.empty() ? "" : ",") + column;
  out << line << '\n';
}

void write_csv_row(std::ostream& out, const RunResult& r) {
  require_finite(r, false);
  {
    const RunTotals& t = r.totals;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},", csv_field(r.model), csv_field(r.chip), csv_field(r.layout), csv_field(r.phase),
                       r.kv_len, csv_field(r.weights), r.sparsity, csv_field(r.power_state), r.ane_instances, r.batch, r.seq)
        << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", t.latency_s, t.peak_memory_bytes, t.weight_bytes,
                       t.constant_bytes, t.peak_activation_bytes, t.dram_read_bytes, t.dram_write_bytes, t.flops, t.ane_ops, t.cpu_ops,
                       t.handovers, t.handover_s, regime_name(t.regime), t.compute_share, t.bandwidth_share,
                       t.overhead_share, t.energy_j, t.avg_power_w);
  }
}

void write_csv(std::ostream& out, const std::vector<RunResult>& runs) {
  require_finite(runs, false);  // before the header: no half-written file
  write_csv_header(out);
  for (const auto& r : runs) write_csv_row(out, r);
}

}  // namespace anesim
