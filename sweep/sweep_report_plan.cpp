#include "sweep/sweep_report_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "reports/html_report.hpp"
#include "sweep/sweep_order.hpp"
#include "sweep/sweep_runner.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

std::vector<std::int64_t> sorted_unique(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

// Values of the spec's axis that the sample leaves out; a point with one of them is not drawn.
std::set<std::int64_t> left_out(const std::vector<std::int64_t>& axis) {
  const std::vector<std::int64_t> all = sorted_unique(axis);
  const std::vector<std::int64_t> kept = spread_sample(all, k_html_axis_values);
  std::set<std::int64_t> out;
  std::set_difference(all.begin(), all.end(), kept.begin(), kept.end(), std::inserter(out, out.end()));
  return out;
}

}  // namespace

std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& values, std::size_t count) {
  if (values.size() <= count || count < 2) return values.size() <= count ? values : std::vector<std::int64_t>{values.front()};
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(values[i * (values.size() - 1) / (count - 1)]);
  return out;
}

SweepReportPlan plan_sweep_reports(const SweepSpec& spec) {
  SweepReportPlan plan;
  const std::size_t size = sweep_size(spec);
  plan.report_points = std::min(size, k_report_points);
  const std::set<std::int64_t> seqs_out = left_out(spec.seqs);
  const std::set<std::int64_t> batches_out = left_out(spec.batches);

  // The labels of the drawn points, as their results will carry them: what the HTML picks by.
  std::vector<RunResult> drawn;
  for (std::size_t i = 0; i < size && plan.html_points.size() < k_html_points; ++i) {
    const SweepPoint p = sweep_point_at(spec, i);
    // A decode or fixed-sequence point's seq is not the swept axis: it is always drawn.
    const bool seq_swept = !is_decode(p.phase) && spec.models[p.model].fixed_sequence() == 0;
    if ((seq_swept && seqs_out.count(p.seq) != 0) || batches_out.count(p.batch) != 0) continue;
    plan.html_points.push_back(i);
    drawn.push_back(planned_labels(spec, p));
  }
  for (const RunResult* r : html_report_op_runs(drawn)) plan.op_points.push_back(plan.html_points[static_cast<std::size_t>(r - drawn.data())]);
  std::sort(plan.op_points.begin(), plan.op_points.end());

  if (plan.report_points < size) {
    plan.markdown_notice = fmt::format("This report lists the first {} of the sweep's {} points, in sweep order; results.csv and "
                                       "results.json hold every point.",
                                       plan.report_points, size);
  }
  if (plan.html_points.size() < size) {
    std::string what = fmt::format("This page draws {} of the sweep's {} points", plan.html_points.size(), size);
    if (!seqs_out.empty() || !batches_out.empty()) {
      what += fmt::format(": at most {} sequence lengths and {} batch sizes, spread over each axis from its smallest to its largest value",
                          k_html_axis_values, k_html_axis_values);
    }
    if (plan.html_points.size() == k_html_points && plan.html_points.back() + 1 < size) {
      what += fmt::format(", the first {} of those in sweep order", k_html_points);
    }
    plan.html_notice = what + ". results.csv and results.json hold every point.";
  }
  return plan;
}

}  // namespace anesim
