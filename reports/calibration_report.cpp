#include "reports/calibration_report.hpp"

#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "reports/csv_field.hpp"
#include "reports/units.hpp"

namespace anesim {

namespace {

bool far_from_source(const FittedParameter& p) {
  if (p.before <= 0 || p.after <= 0) return false;
  const double ratio = p.after / p.before;
  return ratio > k_far_from_source || ratio < 1 / k_far_from_source;
}

std::string uncertainty_text(const FittedParameter& p) {
  if (!p.identifiable || p.at_bound) return "-";
  if (!std::isfinite(p.relative_uncertainty)) return "not separable";
  if (p.relative_uncertainty > 10) return "> 1000%";
  return fmt::format("+-{:.1f}%", 100 * p.relative_uncertainty);
}

// x4.11 for a rise, /300 for a fall: a parameter pushed to a floor reads as a factor, not "x0.00".
std::string factor_text(double ratio) { return ratio >= 1 ? fmt::format("x{:.3g}", ratio) : fmt::format("/{:.3g}", 1 / ratio); }

std::string note(const FittedParameter& p) {
  if (!p.identifiable) return "not identified: no point responds to it; left at its value";
  std::string text;
  if (p.at_bound) text = "at the edge of its valid range; ";
  if (!std::isfinite(p.relative_uncertainty)) text += "the points cannot tell it from another parameter; ";
  if (far_from_source(p)) {
    text += "moved " + factor_text(p.after / p.before) +
            ": where the file's value is sourced, a finding about the mechanism (the points ask this parameter to stand "
            "for something the model lacks), not a value to ship; ";
  }
  if (text.size() >= 2) text.resize(text.size() - 2);
  return text;
}

std::string measure(PointMetric metric, double value) {
  return metric == PointMetric::latency ? format_seconds(value) : format_bytes(value);
}

std::string percent(double share) { return fmt::format("{:+.1f}%", 100 * share); }

// A YAML double-quoted scalar: names and paths may hold ':' or '#'.
std::string quoted(const std::string& text) {
  std::string q = "\"";
  for (const char ch : text) {
    if (ch == '"' || ch == '\\') q += '\\';
    q += ch;
  }
  return q + "\"";
}

void error_lines(std::ostream& out, const Calibration& c, PointMetric metric, const char* what) {
  const std::pair<CalibrationColumn, const char*> rows[] = {
      {CalibrationColumn::before, "as given"}, {CalibrationColumn::after, "fitted"}, {CalibrationColumn::left_out, "leave-one-out"}};
  for (const auto& [column, label] : rows) {
    if (column == CalibrationColumn::left_out && !c.leave_one_out) continue;
    const CalibrationError e = calibration_error(c, column, metric);
    if (e.points == 0) return;
    out << fmt::format("| {} | {} | {} | {:.1f}% | {:.1f}% | {:.2f}x |\n", what, e.points, label, 100 * e.mean_abs,
                       100 * e.geomean_abs, e.worst_ratio);
  }
}

}  // namespace

void write_calibration_markdown(std::ostream& out, const Calibration& c) {
  out << "# Calibration of " << c.before.name << " to " << c.measurements_file << "\n\n";
  out << fmt::format("{} point{} on {}", c.points.size(), c.points.size() == 1 ? "" : "s", c.before.name);
  if (c.points_on_other_chips > 0) out << fmt::format(" ({} on other chips left out)", c.points_on_other_chips);
  out << fmt::format(". Least squares on log(predicted / measured) in log parameter space, {} iteration{}, {}.\n\n",
                     c.iterations, c.iterations == 1 ? "" : "s", c.converged ? "converged" : "stopped at the iteration limit");
  out << "## Parameters\n\n| parameter | before | after | change | 1 s.e. | note |\n| --- | ---: | ---: | ---: | ---: | --- |\n";
  for (const FittedParameter& p : c.parameters) {
    out << fmt::format("| {}.{} | {:.4g} | {:.4g} | {} | {} | {} |\n", p.section, p.key, p.before, p.after,
                       p.before > 0 ? percent(p.after / p.before - 1) : "-", uncertainty_text(p), note(p));
  }
  out << "\n## Error over the points\n\n| metric | points | chip | mean abs | geometric mean | worst ratio |\n"
         "| --- | ---: | --- | ---: | ---: | ---: |\n";
  error_lines(out, c, PointMetric::latency, "latency");
  error_lines(out, c, PointMetric::peak_memory, "peak memory");
  out << "\nThe leave-one-out row predicts each point with a chip fitted to every other point: it is the error to "
         "expect on a run nobody measured. Far above the fitted row, the fit is learning the points, not the device.\n";
  out << "\n## Points\n\nerror = predicted / measured - 1, with the chip as given, fitted, and fitted without the point.\n\n"
         "| point | model | layout | seq x batch | metric | measured | before | after | left out |\n"
         "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |\n";
  for (const CalibratedPoint& p : c.points) {
    const ValidationPoint& v = *p.point;
    out << fmt::format("| {} | {} | {} | {} x {} | {} | {} | {} | {} | {} |\n", v.name, v.model.name, v.request.layout,
                       v.request.seq, v.request.batch, v.metric == PointMetric::latency ? "latency" : "peak memory",
                       measure(v.metric, v.measured), percent(p.error_before()), percent(p.error_after()),
                       c.leave_one_out ? percent(p.error_left_out()) : "-");
  }
}

void write_calibration_parameters_csv(std::ostream& out, const Calibration& c) {
  out << "name,section,key,before,after,relative_uncertainty,identifiable,at_bound,far_from_source\n";
  for (const FittedParameter& p : c.parameters) {
    out << fmt::format("{},{},{},{:.17g},{:.17g},{:.17g},{},{},{}\n", p.name, p.section, p.key, p.before, p.after,
                       p.relative_uncertainty, p.identifiable, p.at_bound, far_from_source(p));
  }
}

void write_calibration_points_csv(std::ostream& out, const Calibration& c) {
  out << "point,model,layout,seq,batch,metric,measured,predicted_before,predicted_after,predicted_left_out,"
         "error_before,error_after,error_left_out\n";
  for (const CalibratedPoint& p : c.points) {
    const ValidationPoint& v = *p.point;
    out << fmt::format("{},{},{},{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}\n", csv_field(v.name),
                       csv_field(v.model.name), csv_field(v.request.layout), v.request.seq, v.request.batch,
                       point_metric_name(v.metric), v.measured, p.predicted_before, p.predicted_after,
                       c.leave_one_out ? p.predicted_left_out : 0.0, p.error_before(), p.error_after(),
                       c.leave_one_out ? p.error_left_out() : 0.0);
  }
}

std::string calibrated_chip_base(const std::string& argument, const ChipSpec& chip) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(argument, ec)) return std::filesystem::absolute(argument).string();
  return chip.name;
}

void write_calibrated_chip_file(std::ostream& out, const Calibration& c, const std::string& base_reference, const std::string& name) {
  const std::string source = std::filesystem::path(c.measurements_file).filename().string();
  out << "# " << name << ": " << c.before.name << " with parameters fitted by `anesim calibrate` to " << c.measurements_file
      << "\n# (" << c.points.size() << " points). The same chip in the same devices: every other figure, the power states\n"
         "# and the energy table are the base's.\n";
  out << "base: " << quoted(base_reference) << "\nname: " << quoted(name) << "\ncalibrated_to: "
      << quoted(fmt::format("{}, {} points", source, c.points.size())) << "\n";
  std::map<std::string, std::vector<const FittedParameter*>> by_section;
  for (const FittedParameter& p : c.parameters) {
    if (p.identifiable) by_section[p.section].push_back(&p);
  }
  for (const char* section : {"ane", "memory", "cpu"}) {
    const auto found = by_section.find(section);
    if (found == by_section.end()) continue;
    out << "\n" << section << ":\n";
    for (const FittedParameter* p : found->second) {
      // The shortest text that reads back as the same double: the file reproduces the fit exactly.
      out << fmt::format("  {}: {}  # fitted to {}, {} points (was {:.6g}; 1 s.e. {})\n", p->key, p->after, source,
                         c.points.size(), p->before, uncertainty_text(*p));
    }
  }
}

}  // namespace anesim
