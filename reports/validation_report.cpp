#include "reports/validation_report.hpp"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/csv_field.hpp"
#include "reports/units.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

std::string shape(const RunResult& r, const ValidationPoint& p) {
  if (is_decode(r.phase)) {
    return fmt::format("decode, kv {} x {}{}", r.kv_len, r.batch, p.kv_cache ? fmt::format(", cache {}", kv_cache_name(*p.kv_cache)) : "");
  }
  return fmt::format("{} x {}", r.seq, r.batch);
}

std::string percent(double share) { return fmt::format("{:+.0f}%", 100 * share); }

std::string measure(PointMetric metric, double value) {
  return metric == PointMetric::latency ? format_seconds(value) : format_bytes(value);
}

// "high", or "mean" for a point averaged over the chip's states.
std::string state_label(const ValidationPoint& p) { return p.averages_states() ? "mean" : p.power_states.front(); }

std::string chip_label(const ValidationPoint& p) {
  if (p.averages_states()) return p.chip.name + " (mean of " + fmt::format("{}", fmt::join(p.power_states, ", ")) + ")";
  return p.power_states.front() == "high" ? p.chip.name : p.chip.name + " (" + p.power_states.front() + ")";
}

void summary_line(std::ostream& out, const std::vector<ValidationRow>& rows, PointRole role, PointMetric metric,
                  const char* what) {
  const ValidationSummary s = summarize(rows, role, metric);
  if (s.points == 0) return;
  out << fmt::format("- **{}, {}** ({} point{}): mean |error| {:.0f}%, geometric mean {:.0f}%, largest {:.0f}% ({}); "
                     "worst ratio {:.2f}x.\n",
                     what, metric == PointMetric::latency ? "latency" : "peak memory", s.points, s.points == 1 ? "" : "s",
                     100 * s.mean_abs_error, 100 * s.geomean_abs_error, 100 * s.max_abs_error, s.worst, s.max_ratio);
}

}  // namespace

void write_validation_markdown(std::ostream& out, const ValidationSet& set, const std::vector<ValidationRow>& rows) {
  out << "# anesim against published measurements: " << set.name << "\n\n" << set.description << "\n\n";
  out << "error = predicted / measured - 1 (+ is slower or larger than measured). Role: *calibration* points set a "
         "chip parameter; *held out* points set none. A chip marked *mean of* is compared as the mean of its power "
         "states' predictions (a published curve that averages them).\n\n";
  out << "| point | model | chip | layout | seq x batch | metric | measured | predicted | error | regime | role |\n";
  out << "| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |\n";
  for (const auto& row : rows) {
    const ValidationPoint& p = *row.point;
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", p.name, p.model.name, chip_label(p),
                       p.request.layout, shape(row.result(), p), p.metric == PointMetric::latency ? "latency" : "peak memory",
                       measure(p.metric, p.measured), measure(p.metric, row.predicted()), percent(row.error()),
                       regime_name(row.result().totals.regime), p.role == PointRole::calibration ? "calibration" : "held out");
  }
  out << "\n";
  for (const PointMetric metric : {PointMetric::latency, PointMetric::peak_memory}) {
    summary_line(out, rows, PointRole::calibration, metric, "Calibration");
    summary_line(out, rows, PointRole::held_out, metric, "Held out");
  }
  out << "\n## Sources\n\n";
  for (const auto& row : rows) out << "- **" << row.point->name << "**: " << row.point->source << "\n";
}

void write_validation_csv(std::ostream& out, const std::vector<ValidationRow>& rows) {
  out << "point,model,chip,layout,phase,kv_len,weights,power_state,seq,batch,metric,unit,measured,predicted,error,"
         "regime,role,source\n";
  for (const auto& row : rows) {
    const ValidationPoint& p = *row.point;
    const RunResult& r = row.result();
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(p.name), csv_field(r.model),
                       csv_field(r.chip), csv_field(r.layout), r.phase, r.kv_len, r.weights, csv_field(state_label(p)),
                       r.seq, r.batch, point_metric_name(p.metric), point_metric_unit(p.metric), p.measured,
                       row.predicted(), row.error(), regime_name(r.totals.regime), point_role_name(p.role),
                       csv_field(p.source));
  }
}

}  // namespace anesim
