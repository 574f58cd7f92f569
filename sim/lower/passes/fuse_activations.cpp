// fuse-activations: an activation applied to a convolution's or matmul's result on the ANE runs in
// that op's own pipeline (the engine's kernel DMA feeds weights, bias and the nonlinearity to each
// op: tinygrad's ANE notes), so it neither takes a pass of its own nor a buffer: its result is the
// producer's.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

namespace {
bool fuses_into_producer(const LoweringState& s, OpId id) {
  const Op& op = s.graph.op(id);
  if (!is_activation(op.kind) || s.engines[s.at(id)] != Engine::ane || op.inputs.size() != 1) return false;
  const Tensor& in = s.graph.tensor(op.inputs[0]);
  if (in.role != TensorRole::activation || in.graph_output || in.consumers.size() != 1) return false;
  const OpId producer = in.producer;
  return op_class(s.graph.op(producer).kind) == OpClass::mac && s.engines[s.at(producer)] == Engine::ane;
}
}  // namespace

void fuse_activations(LoweringState& s) {
  for (OpId id : s.order) {
    if (!fuses_into_producer(s, id)) continue;
    s.is_free[s.at(id)] = 1;
    const Op& op = s.graph.op(id);
    s.join(op.inputs[0], op.outputs[0]);
  }
}

}  // namespace anesim::lowering_pass
