#pragma once
// A validation set (configs/validation/*.yaml): published latencies measured on real devices, each
// with the run that reproduces it and its source. `anesim validate` predicts every point and
// reports the error; nothing here adjusts the model to the measurements.
//
//   name: published
//   description: ...
//   points:
//     seed-distilbert-A15-ane:          # the point's name
//       model: distilbert               # a shipped name or a path, as for `anesim run`
//       chip: A15
//       layout: ane
//       seq: 128
//       batch: 1
//       phase: prefill                  # optional, as are weights, kv_len, power_state
//       measured_latency_s: 3.47e-3
//       role: calibration               # calibration: a chip parameter was set from it;
//                                       # held_out: no parameter was
//       source: "where the figure was published, and how it was measured"
#include <string>
#include <vector>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "sim/chip_spec.hpp"
#include "sim/error.hpp"

namespace anesim {

enum class PointRole { calibration, held_out };
[[nodiscard]] const char* point_role_name(PointRole role);

struct ValidationPoint {
  std::string name;
  ModelSpec model;
  ChipSpec chip;
  RunRequest request;
  double measured_latency_s = 0;
  PointRole role = PointRole::held_out;
  std::string source;
  SourceLocation where;  // the point's line, for errors its run raises
};

struct ValidationSet {
  std::string name;
  std::string description;
  std::string source_file;
  std::vector<ValidationPoint> points;  // in the file's order
};

// Unknown keys, unknown chips, models, layouts or power states, and out-of-range numbers are
// anesim::Errors naming file:line.
[[nodiscard]] ValidationSet load_validation_file(const std::string& path, const std::string& config_dir);
// A shipped set's name ("published": configs/validation/published.yaml) or a path.
[[nodiscard]] ValidationSet load_validation(const std::string& name_or_path, const std::string& config_dir);

}  // namespace anesim
