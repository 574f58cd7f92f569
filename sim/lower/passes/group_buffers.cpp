// group-buffers: one buffer per group of tensors that the earlier passes joined (a fused
// activation and its producer's result, a relabel's input and output) and that an in-place update
// joins (its result is its input's buffer). The group's largest tensor sizes it: a split's input,
// a concat's output. Weights are streamed, not held in buffers.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void group_buffers(LoweringState& s) {
  const Graph& g = s.graph;
  for (OpId id : s.order) {
    const Op& op = g.op(id);
    if (updates_in_place(op.kind)) s.join(op.inputs[0], op.outputs[0]);
  }
  std::vector<Buffer>& buffers = s.program.buffers;
  for (TensorId t = 0; t < static_cast<TensorId>(g.tensor_count()); ++t) {
    const Tensor& tensor = g.tensor(t);
    if (tensor.role == TensorRole::weight) continue;
    const TensorId root = s.find(t);
    const std::int64_t bytes = storage_bytes(tensor.shape.elements(), tensor.dtype);
    if (s.root_buffer[s.at(root)] < 0) {
      s.root_buffer[s.at(root)] = static_cast<BufferId>(buffers.size());
      buffers.emplace_back();
      s.buffer_root.push_back(t);
      s.root_bytes.push_back(bytes);
      s.on_ane.push_back(0);
    }
    const BufferId b = s.root_buffer[s.at(root)];
    s.tensor_buffer[s.at(t)] = b;
    Buffer& buf = buffers[s.at(b)];
    if (tensor.role == TensorRole::input) buf.kind = BufferKind::input;
    if (tensor.role == TensorRole::constant) buf.kind = BufferKind::constant;
    if (bytes > s.root_bytes[s.at(b)]) {  // the first of equal sizes keeps it
      s.buffer_root[s.at(b)] = t;
      s.root_bytes[s.at(b)] = bytes;
    }
  }
}

}  // namespace anesim::lowering_pass
