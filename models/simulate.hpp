#pragma once
// One simulated inference: model + layout + (batch, seq) built into a graph and run on a chip,
// with the result labelled. The CLI, the tests and the Python module all go through here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"
#include "sim/run_result.hpp"

namespace anesim {

struct RunRequest {
  std::string layout = "ane";
  std::int64_t batch = 1;
  std::int64_t seq = 128;
  DimBindings dims;  // an imported ONNX graph's other symbolic axes (models/run_sizes.hpp)
  std::optional<DType> weights;    // the model file's precision unless given
  std::optional<double> sparsity;  // the model file's sparsity unless given
  BuildOptions options;
  std::string power_state = "high";  // one of the chip file's power_states
  std::int64_t ane_instances = 1;     // of the chip's ANE instances (2 on an Ultra) working on the model
  // false leaves RunResult::ops empty (sweeps that keep totals only): no per-op names are built.
  // The totals are the same either way.
  bool keep_ops = true;
  // Lowering passes left out, by name (sim/lower/passes.def): a what-if such as "transposes" (rule
  // 3 costs nothing). Empty: every pass. Only optional passes may be named.
  std::vector<std::string> without_passes;
};

// Runs the chip in request.power_state on request.ane_instances of its ANEs and counts the run's energy (sim/energy.hpp).
[[nodiscard]] RunResult simulate(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);

// The two halves of simulate(), for callers that run one graph on many chips (sweeps): the graph
// depends on the model and the request, not on the chip.
[[nodiscard]] Graph build_graph(const ModelSpec& model, const RunRequest& request);
[[nodiscard]] RunResult run_graph(const Graph& graph, const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);
// The builder's options for a run: the request's, with the model's weight type and sparsity
// unless the request sets its own.
[[nodiscard]] BuildOptions resolved_options(const ModelSpec& model, const RunRequest& request);

}  // namespace anesim
