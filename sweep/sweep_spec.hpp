#pragma once
// A sweep (configs/sweeps/*.yaml): the axes of a study, whose cartesian product is run point by
// point. Every chip and model is resolved and loaded while the file is read, so a bad name is
// reported with the sweep file's line before any point runs.
//
//   name: figure2                 # required; names the output folder (sweep-<name>)
//   description: ...              # required; one line for the reports
//   chips: [A15]                  # shipped names, paths to chip YAMLs, or `all` (every shipped chip)
//   models: [distilbert]          # shipped names or paths to model YAMLs
//   layouts: [baseline, ane]
//   seq: [32, 64, 128]            # tokens per sequence (prefill)
//   batch: [1, 2, 4, 8]
//   weights: [fp16]               # optional: fp16 | int8 | int4; default [fp16]
//   phase: [prefill]              # optional: prefill | decode; default [prefill]
//   kv_len: [1024]                # optional, decode only (refused without it): KV-cache tokens; default
//                                 # [1024], or the smallest max_positions - 1 of the models if smaller
//   power_state: [high, low]      # optional: each chip's power states to run in; default [high]
//   dims: {width: 224}            # optional, ONNX models only: symbolic axes bound by name (--dim)
//   unsupported: cpu              # optional, ONNX models only: error | cpu (--unsupported); default error
#include <cstdint>
#include <string>
#include <vector>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "chip/chip_spec.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

class ConfigNode;  // core/config_node.hpp; only load_sweep_node's callers need it whole

struct SweepSpec {
  std::string name;
  std::string description;
  std::string source_file;
  std::vector<ChipSpec> chips;    // loaded, in the file's order (`all`: family, year, name)
  std::vector<ModelSpec> models;  // loaded, in the file's order
  std::vector<std::string> layouts;
  std::vector<std::string> weights{std::string(dtype_name(DType::fp16))};
  std::vector<std::string> phases{std::string(phase_name(Phase::prefill))};
  std::vector<std::int64_t> kv_lens{1024};
  std::vector<std::string> power_states{"high"};  // every chip in the sweep has each of them
  std::vector<std::int64_t> seqs;
  std::vector<std::int64_t> batches;
  // Not axes: one setting for every point, and every model must be an ONNX file when one is given.
  DimBindings dims;
  UnsupportedOps unsupported = UnsupportedOps::error;
};

// Reads and validates a sweep file: unknown keys (with the nearest valid one), empty axes, unknown
// chips, models, layouts, precisions or phases, and decode asked of an encoder are anesim::Errors
// naming file:line. A chip or model file that is itself malformed reports its own file:line.
[[nodiscard]] SweepSpec load_sweep_file(const std::string& path, const std::string& config_dir);
// The same, from YAML text held in memory; errors name `source_name` (e.g. "<notebook>") and the
// text's line.
[[nodiscard]] SweepSpec load_sweep_text(const std::string& yaml_text, const std::string& source_name,
                                        const std::string& config_dir);
// The same, from a mapping already parsed or built in memory (the Python module's dicts); errors
// name root.file(), and a line when the nodes carry one.
[[nodiscard]] SweepSpec load_sweep_node(ConfigNode root, const std::string& config_dir);
// A shipped sweep name ("figure2": configs/sweeps/figure2.yaml) or a path.
[[nodiscard]] SweepSpec load_sweep(const std::string& name_or_path, const std::string& config_dir);

}  // namespace anesim
