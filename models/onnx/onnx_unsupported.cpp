#include "models/onnx/onnx_unsupported.hpp"

namespace anesim {

void map_unsupported(OnnxContext& ctx, const OnnxNode& node, const std::string& mapped_list) {
  const std::string what = "has an operator anesim cannot cost";
  if (node.outputs.empty() || node.outputs[0].empty()) ctx.fail(node, what + " and no output", "re-export the model");
  for (std::size_t k = 1; k < node.outputs.size(); ++k) {
    if (!node.outputs[k].empty()) {
      ctx.fail(node, what + ", with " + std::to_string(node.outputs.size()) + " outputs",
               "--unsupported cpu places an operator of one output; anesim maps " + mapped_list);
    }
  }
  // Without knowing the operator its output shape cannot be inferred: the file must state it.
  const auto it = ctx.model().value_shapes.find(node.outputs[0]);
  if (it == ctx.model().value_shapes.end() || it->second.dims.empty()) {
    ctx.fail(node, what + ", and the file states no shape for its output '" + node.outputs[0] + "' to place it on the CPU with",
             "add the shapes (onnx.shape_inference.infer_shapes writes value_info), or replace the operator; anesim maps " +
                 mapped_list);
  }
  OpInputs inputs;
  for (const std::string& name : node.inputs) {
    if (!name.empty()) inputs.push_back(ctx.tensor(node, name));
  }
  OpAttrs a;
  a.ints = ctx.bound_dims(it->second, "output '" + node.outputs[0] + "' of " + node.op_type + " node '" + node.name + "'");
  a.to = imported_dtype(it->second.type);
  a.equation = node.op_type;  // the run counts its unsupported ops by ONNX type (RunResult::unsupported_ops)
  ctx.set_tensor(node.outputs[0], ctx.builder().op(node.name, OpKind::unsupported, inputs, a));
}

}  // namespace anesim
