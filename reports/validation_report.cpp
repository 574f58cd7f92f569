#include "reports/validation_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "reports/csv_field.hpp"
#include "reports/units.hpp"

namespace anesim {

namespace {

std::string shape(const RunResult& r) {
  if (r.phase == "decode") return fmt::format("decode, kv {} x {}", r.kv_len, r.batch);
  return fmt::format("{} x {}", r.seq, r.batch);
}

std::string percent(double share) { return fmt::format("{:+.0f}%", 100 * share); }

void summary_line(std::ostream& out, const std::vector<ValidationRow>& rows, PointRole role, const char* what) {
  const ValidationSummary s = summarize(rows, role);
  if (s.points == 0) return;
  out << fmt::format("- **{}** ({} point{}): mean |error| {:.0f}%, largest {:.0f}% ({}).\n", what, s.points,
                     s.points == 1 ? "" : "s", 100 * s.mean_abs_error, 100 * s.max_abs_error, s.worst);
}

}  // namespace

void write_validation_markdown(std::ostream& out, const ValidationSet& set, const std::vector<ValidationRow>& rows) {
  out << "# anesim against published measurements: " << set.name << "\n\n" << set.description << "\n\n";
  out << "error = predicted / measured - 1 (+ is slower than measured). Role: *calibration* points set a chip "
         "parameter; *held out* points set none.\n\n";
  out << "| point | model | chip | layout | seq x batch | measured | predicted | error | regime | role |\n";
  out << "| --- | --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |\n";
  for (const auto& row : rows) {
    const ValidationPoint& p = *row.point;
    const std::string chip = p.request.power_state == "high" ? p.chip.name : p.chip.name + " (" + p.request.power_state + ")";
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", p.name, p.model.name, chip, p.request.layout,
                       shape(row.result), format_seconds(p.measured_latency_s), format_seconds(row.predicted_latency_s()),
                       percent(row.error()), regime_name(row.result.totals.regime),
                       p.role == PointRole::calibration ? "calibration" : "held out");
  }
  out << "\n";
  summary_line(out, rows, PointRole::calibration, "Calibration");
  summary_line(out, rows, PointRole::held_out, "Held out");
  out << "\n## Sources\n\n";
  for (const auto& row : rows) out << "- **" << row.point->name << "**: " << row.point->source << "\n";
}

void write_validation_csv(std::ostream& out, const std::vector<ValidationRow>& rows) {
  out << "point,model,chip,layout,phase,kv_len,weights,power_state,seq,batch,measured_latency_s,predicted_latency_s,error,"
         "regime,role,source\n";
  for (const auto& row : rows) {
    const ValidationPoint& p = *row.point;
    const RunResult& r = row.result;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(p.name), csv_field(r.model),
                       csv_field(r.chip), csv_field(r.layout), r.phase, r.kv_len, r.weights, csv_field(r.power_state),
                       r.seq, r.batch, p.measured_latency_s,
                       row.predicted_latency_s(), row.error(), regime_name(row.result.totals.regime), point_role_name(p.role),
                       csv_field(p.source));
  }
}

}  // namespace anesim
