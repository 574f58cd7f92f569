#include "models/simulate.hpp"

#include "models/transformer_builder.hpp"
#include "models/onnx/onnx_import.hpp"
#include "core/error.hpp"
#include "chip/ane_instances.hpp"
#include "sim/device_fit.hpp"
#include "sim/energy.hpp"
#include "sim/executor.hpp"
#include "chip/power_state.hpp"

namespace anesim {

BuildOptions resolved_options(const ModelSpec& model, const RunRequest& request) {
  BuildOptions options = request.options;
  options.weight_dtype = request.weights.value_or(model.weights);
  options.sparsity = request.sparsity.value_or(model.sparsity);
  return options;
}

Graph build_graph(const ModelSpec& model, const RunRequest& request) {
  check_dim_bindings(model, request.dims);
  if (!model.onnx && request.options.unsupported != UnsupportedOps::error) {
    throw Error("--unsupported " + std::string(unsupported_ops_name(request.options.unsupported)) +
                    " places an imported ONNX graph's unknown operators, and " + model.name + " is not an ONNX file",
                "drop --unsupported (a sweep's unsupported, Python's unsupported=), or give a .onnx model", {model.source_file, 0, 0});
  }
  if (model.onnx) {
    if (request.layout != k_imported_layout) {
      throw Error("an imported ONNX graph runs as Core ML would receive it, under the layout label '" +
                      std::string(k_imported_layout) + "'; it is not rebuilt in the '" + request.layout + "' layout",
                  "use --layout baseline (or both, which runs it once)", {model.source_file, 0, 0});
    }
    return import_onnx_graph(*model.onnx, request.batch, request.seq, request.dims, resolved_options(model, request));
  }
  return build_transformer(model, request.layout, request.batch, request.seq, resolved_options(model, request));
}

RunResult run_graph(const Graph& graph, const ModelSpec& model, const ChipSpec& file_chip, const RunRequest& request) {
  check_chip(file_chip);  // a chip changed in code (Python what-ifs) gets the loader's ranges
  const ChipSpec chip = use_ane_instances(apply_power_state(file_chip, request.power_state), request.ane_instances);
  const BuildOptions options = resolved_options(model, request);
  RunResult result = execute(graph, chip, request.keep_ops ? OpRecordNames::keep : OpRecordNames::drop,
                             LoweringPipeline::without(request.without_passes));
  result.model = model.name;
  result.layout = request.layout;
  result.batch = request.batch;
  const bool decoding = options.phase == Phase::decode;
  result.seq = decoding ? 1 : (model.fixed_sequence() > 0 ? model.fixed_sequence() : request.seq);
  result.phase = std::string(phase_name(options.phase));
  result.kv_len = decoding ? options.kv_len : 0;
  result.weights = std::string(dtype_name(options.weight_dtype));
  result.sparsity = options.sparsity;
  result.power_state = chip.power_state;
  result.ane_instances = request.ane_instances;
  for (const Op& op : graph.ops()) {
    if (op.kind == OpKind::unsupported) ++result.unsupported_ops[std::string(op.attrs.equation)];
  }
  compute_energy(result, energy_params(chip));  // sums over the op records, so they are dropped only after it
  label_device_fit(result, chip);  // a label on a valid prediction, not a refusal (rule 13)
  // Move-assigning an empty vector frees the records; `ops = {}` kept their capacity (188 KB a gpt2 run).
  if (!request.keep_ops) result.ops = std::vector<OpRecord>();
  return result;
}

RunResult simulate(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request) {
  return run_graph(build_graph(model, request), model, chip, request);
}

}  // namespace anesim
