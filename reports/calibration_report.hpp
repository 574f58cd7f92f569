#pragma once
// What `anesim calibrate` prints and writes: the fit as Markdown (each parameter before and after
// with its uncertainty, each point's error before, after and left out), the same as two CSV
// tables (Python's DataFrames), and the calibrated chip file.
#include <ostream>
#include <string>

#include "calibration/calibrate.hpp"

namespace anesim {

// A fitted value more than this factor from the chip file's is flagged: when the file's value is
// sourced, the points are asking the parameter to stand in for a mechanism the model lacks.
inline constexpr double k_far_from_source = 1.5;

void write_calibration_markdown(std::ostream& out, const Calibration& c);
// One row per parameter: name, section, key, before, after, relative_uncertainty, identifiable, at_bound, far_from_source.
void write_calibration_parameters_csv(std::ostream& out, const Calibration& c);
// One row per point: point, model, layout, seq, batch, metric, measured, predicted_before, predicted_after,
// predicted_left_out, error_before, error_after, error_left_out.
void write_calibration_points_csv(std::ostream& out, const Calibration& c);
// A chip file that loads as `c.after`: `base:` the calibrated chip (`base_reference`, a shipped
// name or a path), named `name`, with each fitted value and a comment saying what it was fitted to.
// How the calibrated file names its base: a shipped chip by name, a user's chip file (`argument`
// is a path to one) by its absolute path, so the calibrated file loads from wherever it is written.
[[nodiscard]] std::string calibrated_chip_base(const std::string& argument, const ChipSpec& chip);
void write_calibrated_chip_file(std::ostream& out, const Calibration& c, const std::string& base_reference, const std::string& name);

}  // namespace anesim
