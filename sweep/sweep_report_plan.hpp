#pragma once
// Which of a sweep's points its reports (report.md, report.html) read, decided before it runs, so
// that a streamed sweep keeps those alone: results.csv and results.json take every point as it
// finishes, but the reports need their points together, and a 10-million-point sweep's results
// would not fit in memory. The plan, from the spec alone:
//  - report.md lists the first `k_report_points` points (all of a smaller sweep): a table of more
//    rows is read by no one, and the CSV has them all;
//  - report.html draws the points whose seq and batch are among `k_html_axis_values` values spread
//    over each axis (all of a smaller axis), over the whole sweep, every other axis kept, and at
//    most `k_html_points` of them: a 100,000-point page was 70 s of writing, 56 MB, and its
//    250 x 250-cell heatmaps could not be read;
//  - the op records kept are those of the points the HTML's time breakdowns draw.
// A report that shows less than every point says so in its text (the notices).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace anesim {

inline constexpr std::size_t k_report_points = 20'000;
inline constexpr std::size_t k_html_axis_values = 16;
inline constexpr std::size_t k_html_points = 20'000;

struct SweepReportPlan {
  std::size_t report_points = 0;          // points [0, report_points) go to report.md
  std::vector<std::size_t> html_points;   // sorted indices of the points report.html draws
  [[nodiscard]] bool html_draws_the_report_points() const { return markdown_notice.empty() && html_notice.empty(); }
  std::vector<std::size_t> op_points;     // sorted indices whose op records report.html draws
  std::string markdown_notice;            // empty when report.md lists every point
  std::string html_notice;                // empty when report.html draws every point
};

[[nodiscard]] SweepReportPlan plan_sweep_reports(const SweepSpec& spec);

// `values` sorted and unique; at most `count` of them, evenly spread, the first and last included.
[[nodiscard]] std::vector<std::int64_t> spread_sample(const std::vector<std::int64_t>& values, std::size_t count);

}  // namespace anesim
