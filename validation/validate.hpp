#pragma once
// Runs a validation set: every point predicted by the same simulate() as `anesim run`, and its
// error against the published measurement, summarised per role.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/run_result.hpp"
#include "validation/validation_set.hpp"

namespace anesim {

struct ValidationRow {
  const ValidationPoint* point = nullptr;  // into the set the rows were run from
  RunResult result;                        // the prediction, labels resolved, without op records
  [[nodiscard]] double predicted_latency_s() const { return result.totals.latency_s; }
  // predicted / measured - 1: +0.25 is 25% slower than measured.
  [[nodiscard]] double error() const { return predicted_latency_s() / point->measured_latency_s - 1; }
};

struct ValidationSummary {
  std::size_t points = 0;
  double mean_abs_error = 0;  // MAPE, as a share
  double max_abs_error = 0;
  std::string worst;  // the point with the largest |error|
};

// A run's anesim::Error is reported at its point's line in the set's file.
[[nodiscard]] std::vector<ValidationRow> run_validation(const ValidationSet& set);
// Over the rows of one role; zero points when it has none.
[[nodiscard]] ValidationSummary summarize(const std::vector<ValidationRow>& rows, PointRole role);

}  // namespace anesim
