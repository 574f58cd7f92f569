#include "sim/lower/synthetic_steps.hpp"

namespace anesim::lowering_steps {

void add_weight(const LoweringState& s, LoweredOp& lo, const Op& op, const Tensor& w) {
  if (op.kind == OpKind::gather) {
    lo.cpu_table_bytes += s.graph.tensor(op.inputs[1]).shape.elements() * storage_bytes(w.shape[1], w.dtype);
    return;
  }
  lo.weight_bytes += weight_storage_bytes(w);
  if (w.dtype != DType::fp16) lo.vector_flops += static_cast<double>(w.shape.elements()) * w.density;
}

namespace {
LoweredOp transpose_step(LoweringState& s, OpId id, TensorId tensor, SyntheticStep side) {
  LoweredOp t;
  t.op = id;
  t.engine = Engine::ane;
  t.synthetic = side;
  t.copies = true;
  t.transposes = 1;
  t.work_rows = s.layout_on(tensor, Engine::ane).rows();
  t.out_logical_bytes = s.layout_on(tensor, Engine::ane).logical_bytes;
  t.first_access = s.access_count();
  t.access_count = 2;
  return t;
}
}  // namespace

LoweredOp transpose_in_step(LoweringState& s, OpId id, TensorId tensor, BufferId to) {
  LoweredOp t = transpose_step(s, id, tensor, SyntheticStep::transpose_in);
  s.program.accesses.push_back({s.buffer_of(tensor), tensor, s.view_bytes(tensor, Engine::ane), false});
  s.program.accesses.push_back({to, -1 - to, s.bytes_of(to), true});
  t.out_allocated_bytes = s.bytes_of(to);
  return t;
}

LoweredOp transpose_out_step(LoweringState& s, OpId id, TensorId tensor, BufferId from) {
  LoweredOp t = transpose_step(s, id, tensor, SyntheticStep::transpose_out);
  s.program.accesses.push_back({from, -1 - from, s.bytes_of(from), false});
  s.program.accesses.push_back({s.buffer_of(tensor), tensor, s.view_bytes(tensor, Engine::ane), true});
  t.out_allocated_bytes = s.layout_on(tensor, Engine::ane).allocated_bytes;
  return t;
}

namespace {
// One conversion between the ANE's fp16 rows and the CPU's packed fp32: a CPU copy that reads one
// and writes the other (a vector op per element). To fp32 it reads the tensor's ANE buffer and
// writes the copy `temp`; back from fp32 it reads `temp` and writes the buffer.
LoweredOp repack_step(LoweringState& s, OpId id, TensorId tensor, BufferId temp, SyntheticStep side) {
  LoweredOp r;
  r.op = id;
  r.engine = Engine::cpu;
  r.synthetic = side;
  r.copies = true;
  r.vector_flops = static_cast<double>(s.graph.tensor(tensor).shape.elements());
  r.first_access = s.access_count();
  const Access ane{s.buffer_of(tensor), tensor, s.view_bytes(tensor, Engine::ane), false};
  const Access copy{temp, -1 - temp, s.bytes_of(temp), false};
  const bool to_fp32 = side == SyntheticStep::repack_in;
  s.program.accesses.push_back(to_fp32 ? ane : copy);
  s.program.accesses.push_back(to_fp32 ? copy : ane);
  s.program.accesses.back().write = true;
  r.access_count = 2;
  r.out_logical_bytes = s.layout_on(tensor, to_fp32 ? Engine::cpu : Engine::ane).logical_bytes;
  r.out_allocated_bytes = s.program.accesses.back().bytes;
  return r;
}

BufferId packed_fp32_copy(LoweringState& s, TensorId t, std::int32_t first_step, std::int32_t last_step) {
  return s.temporary(packed_layout(s.graph.tensor(t).shape, DType::fp32), first_step, last_step);
}
}  // namespace

void emit_repacked_cpu_op(LoweringState& s, LoweredOp lo, std::int32_t step) {
  const Op& op = s.graph.op(lo.op);
  std::vector<Access>& accesses = s.program.accesses;
  const std::int32_t main_step = step + s.repacks_in[s.at(lo.op)];
  std::vector<BufferId> copies_in(op.inputs.size(), -1);
  std::int32_t at = step;
  for (std::size_t k = 0; k < op.inputs.size(); ++k) {
    const TensorId t = op.inputs[k];
    if (!s.needs_repack(t)) continue;
    copies_in[k] = packed_fp32_copy(s, t, at++, main_step);
    s.program.ops.push_back(repack_step(s, lo.op, t, copies_in[k], SyntheticStep::repack_in));
  }
  lo.first_access = s.access_count();
  for (std::size_t k = 0; k < op.inputs.size(); ++k) {
    const TensorId t = op.inputs[k];
    if (s.graph.tensor(t).role == TensorRole::weight) {
      add_weight(s, lo, op, s.graph.tensor(t));
    } else if (copies_in[k] >= 0) {
      accesses.push_back({copies_in[k], -1 - copies_in[k], s.bytes_of(copies_in[k]), false});
    } else {
      accesses.push_back({s.buffer_of(t), t, s.view_bytes(t, Engine::cpu), false});
    }
  }
  std::vector<BufferId> copies_out(op.outputs.size(), -1);
  at = main_step + 1;
  for (std::size_t k = 0; k < op.outputs.size(); ++k) {
    const TensorId t = op.outputs[k];
    if (!s.needs_repack(t)) {
      accesses.push_back({s.buffer_of(t), t, s.view_bytes(t, Engine::cpu), true});
      continue;
    }
    copies_out[k] = packed_fp32_copy(s, t, main_step, at++);
    accesses.push_back({copies_out[k], -1 - copies_out[k], s.bytes_of(copies_out[k]), true});
  }
  lo.access_count = s.access_count() - lo.first_access;
  s.program.ops.push_back(lo);
  for (std::size_t k = 0; k < op.outputs.size(); ++k) {
    if (copies_out[k] >= 0) s.program.ops.push_back(repack_step(s, lo.op, op.outputs[k], copies_out[k], SyntheticStep::repack_out));
  }
}

}  // namespace anesim::lowering_steps
