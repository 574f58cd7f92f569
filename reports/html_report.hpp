#pragma once
// report.html: one self-contained page (inline CSS and SVG, no scripts, no network) that shows a
// set of runs the way the seed's Figure 2 does, and more:
//  - latency and peak memory vs sequence length, one line per batch, log-log, a panel per layout
//    side by side on a shared y axis;
//  - heatmaps over seq x batch of the reference layout's latency (speedup) and peak memory
//    (saving) over each other layout's (reports/comparison.hpp: baseline / ane);
//  - a regime map per layout (compute-, bandwidth-, overhead-bound);
//  - for one chosen point (largest seq, then batch, run in every layout) the time by op kind and
//    by engine, from the runs' op records when they have them;
//  - every other axis the runs vary (chip, weights, KV-cache length, sparsity, phase, model, power
//    state) as small multiples of latency, energy and average power (reports/html_comparison.hpp).
// Points are grouped by (model, chip, power state, phase, kv_len, weights, sparsity); a panel whose
// axis the data lacks (one sequence length, one layout, no op records) is replaced by a one-line
// note. Colours and the batch axis's orientation are reports/palette.hpp's, shared with Python.
// The same points give the same bytes. Each section is a file of its own (reports/html_sections.hpp).
#include <ostream>
#include <string>
#include <vector>

#include "reports/measured_points.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// `notice`, when not empty, is said under the title (e.g. that a huge sweep's report draws a
// sample of its points).
// `measured`, when given, are device measurements drawn as hollow diamonds over the predicted lines
// of the study they belong to; those that average the power states ("mean") get a study of the
// mean of the sweep's states.
void write_html_report(std::ostream& out, const std::string& title, const std::vector<RunResult>& points,
                       const std::string& notice = "", const std::vector<MeasuredPoint>& measured = {});
// The runs among `points` whose op records the report draws (the time breakdowns): a sweep keeps
// the records of these alone. Labels are all it reads, so runs planned but not yet run will do.
[[nodiscard]] std::vector<const RunResult*> html_report_op_runs(const std::vector<RunResult>& points);

}  // namespace anesim
