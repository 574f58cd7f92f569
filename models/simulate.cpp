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
  const bool decoding = options.phase == Phase::decode;
  result.seq = decoding ? 1 : request.seq;
  result.phase = decoding ? "decode" : "prefill";
  result.kv_len = decoding ? options.kv_len : 0;
  result.weights = std::string(dtype_name(options.weight_dtype));
  result.sparsity = options.sparsity;
  return result;
}

}  // namespace anesim
