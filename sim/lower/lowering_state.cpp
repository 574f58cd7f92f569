#include "sim/lower/lowering_state.hpp"

#include <numeric>
#include <utility>

namespace anesim {

namespace {
[[gnu::noinline]] LoweringArrays& lowering_scratch() {
  thread_local LoweringArrays s;
  return s;
}
}  // namespace

LoweringState::LoweringState(const Graph& g, const LoweringParams& p) : graph(g), params(p) {
  std::swap(static_cast<LoweringArrays&>(*this), lowering_scratch());
  const std::size_t tensors = g.tensor_count();
  const std::size_t ops = g.op_count();
  parent.resize(tensors);
  std::iota(parent.begin(), parent.end(), TensorId{0});
  root_buffer.assign(tensors, -1);
  tensor_buffer.assign(tensors, -1);
  buffer_root.clear();
  root_bytes.clear();
  on_ane.clear();
  layouts.resize(2 * tensors);
  have_layout.assign(2 * tensors, 0);
  is_free.assign(ops, 0);
  transposed.assign(ops, 0);
  repacks_in.assign(ops, 0);
  repacks_out.assign(ops, 0);
  first_step_of.assign(ops, 0);
  first.clear();
  last.clear();
  tensor_twin.assign(tensors, -1);
  op_twin.assign(ops, -1);
  for (const GraphBlockCopy& c : g.block_copies()) {
    for (TensorId t = c.copy.tensors_begin; t < c.copy.tensors_end; ++t) tensor_twin[at(t)] = t - c.copy.tensors_begin + c.source.tensors_begin;
    for (OpId o = c.copy.ops_begin; o < c.copy.ops_end; ++o) op_twin[at(o)] = o - c.copy.ops_begin + c.source.ops_begin;
  }
  op_costs.resize(ops);
  have_cost.assign(ops, 0);
}

LoweringState::~LoweringState() { std::swap(static_cast<LoweringArrays&>(*this), lowering_scratch()); }

BufferId LoweringState::temporary(const BufferLayout& layout, std::int32_t first_step, std::int32_t last_step) {
  Buffer& buf = program.buffers.emplace_back();
  buf.kind = BufferKind::temporary;
  buf.logical_bytes = layout.logical_bytes;
  buf.allocated_bytes = layout.allocated_bytes;
  buf.first_step = first_step;
  buf.last_step = last_step;
  return static_cast<BufferId>(program.buffers.size() - 1);
}

void LoweringState::fill_layout(TensorId t, Engine engine, std::size_t slot) {
  if (const TensorId twin = tensor_twin[at(t)]; twin >= 0) {  // the same shape, dtype and role
    layouts[slot] = layout_on(twin, engine);
    have_layout[slot] = 1;
    return;
  }
  const Tensor& tensor = graph.tensor(t);
  // The CPU runs float ops in fp32 (Core ML's typed execution: an fp16 program's CPU ops compute in
  // fp32), so its float buffers take 4 bytes an element. A constant stays in the type the model
  // file stores it in; the CPU converts as it reads.
  const DType cpu_type = tensor.role == TensorRole::constant ? tensor.dtype : cpu_dtype(tensor.dtype);
  layouts[slot] = engine == Engine::ane ? ane_buffer_layout(tensor.shape, tensor.dtype, params.last_axis_alignment_bytes)
                                        : packed_layout(tensor.shape, cpu_type);
  have_layout[slot] = 1;
}

void LoweringState::fill_cost(OpId op) {
  if (const OpId twin = op_twin[at(op)]; twin >= 0) {  // the same kind, attributes and operand shapes
    op_costs[at(op)] = cost_of(twin);
  } else {
    const Op& o = graph.op(op);
    op_costs[at(op)] = {op_flops(graph, o), conv_reduction_depth(graph, o)};
  }
  have_cost[at(op)] = 1;
}

}  // namespace anesim
