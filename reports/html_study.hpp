#pragma once
// report.html's unit: a study, the points that share everything but layout, seq and batch, drawn
// as seq x batch grids, one per layout (reports/html_sections.hpp).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "reports/svg_chart.hpp"
#include "sim/run_result.hpp"

namespace anesim::html {

struct Context {
  std::string model, chip, power_state, phase, weights;
  std::int64_t kv_len = 0;
  double sparsity = 0;
  [[nodiscard]] auto key() const { return std::tie(model, chip, power_state, phase, kv_len, weights, sparsity); }
};

struct Study {
  Context context;
  std::vector<const RunResult*> points;
  std::vector<std::int64_t> seqs, batches;
  std::vector<std::string> layouts;  // ordered_layouts' order (reports/comparison.hpp)

  // The first point of each (layout, seq, batch): a scan of every point for every cell made a
  // 100,000-point report quadratic.
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, const RunResult*> by_cell;

  [[nodiscard]] const RunResult* find(const std::string& layout, std::int64_t seq, std::int64_t batch) const;
  [[nodiscard]] std::size_t cells() const { return seqs.size() * batches.size(); }
};

// In the order the points first show each context.
[[nodiscard]] std::vector<Study> group_studies(const std::vector<RunResult>& points);
// "distilbert on A15 · prefill · fp16 weights", with the labels that are not the defaults.
[[nodiscard]] std::string context_title(const Context& c);
// An empty heatmap over the study's seq x batch cells.
[[nodiscard]] svg::Heatmap grid_map(const Study& s, const std::string& title);
// The point the breakdown and the cards show: the largest seq, then batch, that every layout ran
// (else any).
[[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> chosen_point(const Study& s);
// Full studies for the groups that vary seq or batch (the comparison sections show every other
// axis); with neither, the one group alone. At most 12 are drawn: the rest go to `hidden`.
[[nodiscard]] std::vector<const Study*> shown_studies(const std::vector<Study>& studies, bool has_comparisons,
                                                      std::vector<const Study*>& hidden);

}  // namespace anesim::html
