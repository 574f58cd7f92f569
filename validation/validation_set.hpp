#pragma once
// A validation set (configs/validation/*.yaml): published measurements from real devices, each
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
//       phase: prefill                  # optional, as are weights and kv_len
//       kv_cache: io                    # optional, decode only: how the deployment held the KV
//                                       # cache (generation/kv_cache.hpp); the step's copies
//                                       # across the app boundary join the prediction
//       power_state: high               # optional; `mean`: the mean over the chip's states, for
//                                       # published curves that average them (Figure 2's lines)
//       measured_latency_s: 3.47e-3     # or measured_peak_memory_bytes: exactly one of the two
//       role: calibration               # calibration: a chip parameter was set from it;
//                                       # held_out: no parameter was
//       source: "where the figure was published, and how it was measured"
#include <optional>
#include <string>
#include <vector>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "chip/chip_spec.hpp"
#include "core/error.hpp"
#include "generation/kv_cache.hpp"

namespace anesim {

enum class PointRole { calibration, held_out };
[[nodiscard]] const char* point_role_name(PointRole role);

// What a point measured: one inference's latency, or the peak memory of the process running it.
enum class PointMetric { latency, peak_memory };
[[nodiscard]] const char* point_metric_name(PointMetric metric);
// The metric's SI unit as it appears in the file's key and the CSV: "s" or "bytes".
[[nodiscard]] const char* point_metric_unit(PointMetric metric);

struct ValidationPoint {
  std::string name;
  ModelSpec model;
  ChipSpec chip;
  RunRequest request;  // its power_state is the first of power_states
  // The states whose predictions are averaged: one, or all of the chip's for `power_state: mean`.
  std::vector<std::string> power_states{"high"};
  PointMetric metric = PointMetric::latency;
  double measured = 0;  // seconds or bytes, by metric
  PointRole role = PointRole::held_out;
  std::string source;
  // A decode step of a deployment that held its cache this way: the cache's app-boundary copies
  // (generation/kv_cache.hpp) are added to the step's latency, which holds the model I/O every
  // run copies. Unset: the run alone.
  std::optional<KvCache> kv_cache;
  SourceLocation where;  // the point's line, for errors its run raises

  [[nodiscard]] bool averages_states() const { return power_states.size() > 1; }
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
