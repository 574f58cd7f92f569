#pragma once
// `anesim calibrate`: a chip's free parameters fitted to a user's device measurements (a
// validation set's points on that chip), by least squares on log(predicted / measured), in log
// parameter space within each parameter's range. It also reports the leave-one-out error: each
// point predicted by a fit that never saw it, which is what says whether the calibration
// generalises to the runs the user has not measured.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "chip/chip_spec.hpp"
#include "validation/validation_set.hpp"

namespace anesim {

struct CalibrationOptions {
  std::vector<std::string> fit;  // ChipSpec member names; empty: default_free_parameters()
  bool leave_one_out = true;
  // Called as the work advances ("fit", k, of); the CLI prints it to stderr.
  std::function<void(const std::string& stage, std::size_t done, std::size_t of)> progress;
};

struct FittedParameter {
  std::string name;  // the ChipSpec member
  std::string section, key;  // where it sits in a chip file
  double before = 0;
  double after = 0;
  // One standard error, as a share of `after` (the fit is in log space); 0 when not identified,
  // infinity when the points cannot separate it from another parameter.
  double relative_uncertainty = 0;
  bool identifiable = true;  // some point's prediction responds to it
  bool at_bound = false;     // the fit pushed it to its range's edge
};

struct CalibratedPoint {
  const ValidationPoint* point = nullptr;  // into the set calibrate() was given
  double predicted_before = 0;  // the point's metric (s or bytes), with the chip as given
  double predicted_after = 0;   // with the fitted chip
  double predicted_left_out = 0;  // with a chip fitted to every other point; 0 without leave-one-out

  [[nodiscard]] double error_before() const;
  [[nodiscard]] double error_after() const;
  [[nodiscard]] double error_left_out() const;
};

struct Calibration {
  ChipSpec before;
  ChipSpec after;  // `before` with the fitted values
  std::string measurements_file;
  std::vector<FittedParameter> parameters;
  std::vector<CalibratedPoint> points;  // the set's points on this chip, in file order
  std::size_t points_on_other_chips = 0;
  std::size_t iterations = 0;
  bool converged = false;
  bool leave_one_out = false;
};

// Throws anesim::Error when no point of `set` is on `chip` (by name), or a parameter is unknown.
[[nodiscard]] Calibration calibrate(const ValidationSet& set, const ChipSpec& chip, const CalibrationOptions& options = {});

// Summaries over points: the mean of |error| and the geometric mean of |log ratio| (as
// ValidationSummary defines them), for a chosen column.
enum class CalibrationColumn { before, after, left_out };
struct CalibrationError {
  std::size_t points = 0;
  double mean_abs = 0;
  double geomean_abs = 0;
  double worst_ratio = 1;
};
// Over the points of one metric (latency and peak memory are summarised apart, as validation does).
[[nodiscard]] CalibrationError calibration_error(const Calibration& c, CalibrationColumn column,
                                                 PointMetric metric = PointMetric::latency);

}  // namespace anesim
