#pragma once
// Runs a validation set: every point predicted by the same simulate() as `anesim run`, and its
// error against the published measurement, summarised per role and metric.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/run_result.hpp"
#include "validation/validation_set.hpp"

namespace anesim {

struct ValidationRow {
  const ValidationPoint* point = nullptr;  // into the set the rows were run from
  // The predictions, one per state in point->power_states, labels resolved, without op records.
  std::vector<RunResult> results;
  // Per state, the app-boundary copies of a point with a kv_cache (seconds; 0 without one).
  std::vector<double> boundary_s;
  // The point's metric, averaged over its states (seconds or bytes); a latency includes boundary_s.
  [[nodiscard]] double predicted() const;
  // predicted / measured - 1: +0.25 is 25% above what was measured.
  [[nodiscard]] double error() const { return predicted() / point->measured - 1; }
  // The first state's run: the labels and regime a report prints.
  [[nodiscard]] const RunResult& result() const { return results.front(); }
};

struct ValidationSummary {
  std::size_t points = 0;
  double mean_abs_error = 0;     // MAPE, as a share
  double geomean_abs_error = 0;  // exp(mean |ln(predicted / measured)|) - 1: symmetric in over and under
  double max_ratio = 1;          // the largest of predicted / measured and its inverse
  double max_abs_error = 0;
  std::string worst;  // the point with the largest |error|
};

// A run's anesim::Error is reported at its point's line in the set's file.
[[nodiscard]] std::vector<ValidationRow> run_validation(const ValidationSet& set);
// Over the rows of one role and metric; zero points when it has none.
[[nodiscard]] ValidationSummary summarize(const std::vector<ValidationRow>& rows, PointRole role,
                                          PointMetric metric = PointMetric::latency);

}  // namespace anesim
