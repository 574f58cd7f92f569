#pragma once
// One simulated inference: model + layout + (batch, seq) built into a graph and run on a chip,
// with the result labelled. The CLI, the tests and the Python module all go through here.
#include <cstdint>
#include <optional>
#include <string>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "sim/chip_spec.hpp"
#include "sim/run_result.hpp"

namespace anesim {

struct RunRequest {
  std::string layout = "ane";
  std::int64_t batch = 1;
  std::int64_t seq = 128;
  std::optional<DType> weights;    // the model file's precision unless given
  std::optional<double> sparsity;  // the model file's sparsity unless given
  BuildOptions options;
};

[[nodiscard]] RunResult simulate(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);

}  // namespace anesim
