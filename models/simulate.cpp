#include "models/simulate.hpp"

#include "models/transformer_builder.hpp"
#include "sim/executor.hpp"

namespace anesim {

RunResult simulate(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request) {
  BuildOptions options = request.options;
  options.weight_dtype = request.weights.value_or(model.weights);
  options.sparsity = request.sparsity.value_or(model.sparsity);
  const Graph graph = build_transformer(model, request.layout, request.batch, request.seq, options);
  RunResult result = execute(graph, chip);
  result.model = model.name;
  result.layout = request.layout;
  result.batch = request.batch;
  result.seq = request.seq;
  return result;
}

}  // namespace anesim
