// emit-steps: each op's program steps, in execution order, with their FLOPs, the weight bytes they
// stream and their buffer accesses in the order they make them: the op itself, rule 3's transposes
// around it (passes/transposes.cpp marked which) and rule 7's repacks (passes/repacks.cpp counted
// them; synthetic_steps.hpp builds both).
#include <algorithm>
#include <array>
#include <span>

#include "ir/op_cost.hpp"
#include "sim/lower/passes.hpp"
#include "sim/lower/renamed_period.hpp"
#include "sim/lower/synthetic_steps.hpp"

namespace anesim::lowering_pass {

namespace {

using lowering_steps::add_weight;
using lowering_steps::emit_repacked_cpu_op;
using lowering_steps::transpose_in_step;
using lowering_steps::transpose_out_step;

// Rule 3's channels-first form of an operand reduced over its last axis: that axis swaps with the
// innermost other axis holding more than one element, where the rows are: (B,S,C) becomes
// (B,C,S), and an (S,1,C) operand (nn.MultiheadAttention's sequence-first (S,B,E) at batch 1)
// becomes (C,1,S), not a (S,C,1) whose single-element rows would each pad to 64 bytes.
Shape channels_first(const Shape& s) {
  std::array<std::int64_t, Shape::k_max_rank> d{};
  std::copy(s.dim_span().begin(), s.dim_span().end(), d.begin());
  if (s.rank() >= 2) {
    std::size_t rows = s.rank() - 2;
    while (rows > 0 && d[rows] == 1) --rows;
    if (d[rows] == 1) rows = s.rank() - 2;
    std::swap(d[s.rank() - 1], d[rows]);
  }
  return Shape(std::span<const std::int64_t>(d.data(), s.rank()));
}

// The step of the graph op itself, before its accesses: engine, FLOPs, the rows it splits over
// the cores and the bytes it writes.
LoweredOp op_step(LoweringState& s, OpId id) {
  const Op& op = s.graph.op(id);
  const std::size_t i = s.at(id);
  LoweredOp lo;
  lo.op = id;
  lo.engine = s.engines[i];
  lo.free = s.is_free[i] != 0;
  const OpCost& cost = s.cost_of(id);
  lo.mac_flops = cost.flops.mac;
  lo.vector_flops = cost.flops.vector;
  // The MAC array reduces conv_reduction_lanes products per output at once (an estimate, the chip
  // file's): a convolution with fewer per output (a depthwise 3x3: 9) leaves the rest idle.
  // Stride and dilation change which inputs an output reads, not how many it reduces.
  const double depth = cost.conv_depth;
  if (depth > 0) lo.mac_utilisation = std::min(1.0, depth / static_cast<double>(s.params.conv_reduction_lanes));
  lo.copies = op_class(op.kind) == OpClass::layout && !lo.free;
  lo.work_rows = s.layout_on(op.outputs[0], lo.engine).rows();
  for (TensorId t : op.outputs) {
    const BufferLayout& l = s.layout_on(t, lo.engine);
    lo.out_logical_bytes += l.logical_bytes;
    lo.out_allocated_bytes += l.allocated_bytes;
  }
  return lo;
}

// Statistics of a fused reduction on the ANE live only inside the op: written, then read back.
void add_reduction_stats(LoweringState& s, const Op& op, std::int32_t step) {
  const int stats_count = reduction_stats_count(op);
  if (stats_count == 0) return;
  const Shape stats_shape = reduction_stats_shape(s.graph, op);
  for (int k = 0; k < stats_count; ++k) {
    const BufferId stats = s.ane_temporary(stats_shape, s.graph.tensor(op.inputs[0]).dtype, step, step);
    s.program.accesses.push_back({stats, -1 - stats, s.bytes_of(stats), true});
    s.program.accesses.push_back({stats, -1 - stats, s.bytes_of(stats), false});
  }
}

// An op on one engine's own buffers, with rule 3's transposes when marked: a hardware transpose of
// its first operand into channels-first before it and of its result back after it. The transposes
// are copies in their own right: they run before and after the MAC work, not under it.
void emit_direct(LoweringState& s, LoweredOp lo, std::int32_t step) {
  const Op& op = s.graph.op(lo.op);
  std::vector<LoweredOp>& out = s.program.ops;
  std::vector<Access>& accesses = s.program.accesses;
  const bool transposed = s.transposed[s.at(lo.op)] != 0;
  const std::int32_t main_step = transposed ? step + 1 : step;
  BufferId tin = -1, tout = -1;
  if (transposed) {
    const Tensor& in = s.graph.tensor(op.inputs[0]);
    const Tensor& out0 = s.graph.tensor(op.outputs[0]);
    // After its transposes the MAC work is channels-first: it splits over output channels.
    lo.work_rows = ane_buffer_layout(channels_first(out0.shape), out0.dtype, s.params.last_axis_alignment_bytes).rows();
    tin = s.ane_temporary(channels_first(in.shape), in.dtype, step, main_step);
    tout = s.ane_temporary(channels_first(out0.shape), out0.dtype, main_step, main_step + 1);
    out.push_back(transpose_in_step(s, lo.op, op.inputs[0], tin));
  }
  lo.first_access = s.access_count();
  for (std::size_t k = 0; k < op.inputs.size(); ++k) {
    const TensorId t = op.inputs[k];
    if (s.graph.tensor(t).role == TensorRole::weight) {
      add_weight(s, lo, op, s.graph.tensor(t));
    } else if (transposed && k == 0) {
      accesses.push_back({tin, -1 - tin, s.bytes_of(tin), false});
    } else {
      accesses.push_back({s.buffer_of(t), t, s.view_bytes(t, lo.engine), false});
    }
  }
  if (lo.engine == Engine::ane) add_reduction_stats(s, op, main_step);
  if (transposed) {
    accesses.push_back({tout, -1 - tout, s.bytes_of(tout), true});
    lo.access_count = s.access_count() - lo.first_access;
    out.push_back(lo);
    out.push_back(transpose_out_step(s, lo.op, op.outputs[0], tout));
    return;
  }
  if (updates_in_place(op.kind)) {
    // Only the slice is written; the rest of the buffer stays where it is.
    const TensorId slice = op.inputs[1];
    accesses.resize(s.at(lo.first_access));
    accesses.push_back({s.buffer_of(slice), slice, s.view_bytes(slice, lo.engine), false});
    accesses.push_back({s.buffer_of(op.outputs[0]), slice, s.view_bytes(slice, lo.engine), true});
  } else {
    for (TensorId t : op.outputs) accesses.push_back({s.buffer_of(t), t, s.view_bytes(t, lo.engine), true});
  }
  lo.access_count = s.access_count() - lo.first_access;
  out.push_back(lo);
}

// Where a period of copied layers starts (ProgramPeriods), its temporaries' range is noted, and a
// period after the first is emitted as the one before renamed when that is exact
// (sim/lower/renamed_period.hpp).
bool emitted_as_period(LoweringState& s, OpId id, std::size_t& next_period) {
  auto& periods = s.program.periods;
  while (next_period < periods.size() && id >= periods[next_period].first_op + periods[next_period].count * periods[next_period].ops) {
    ++next_period;
  }
  if (next_period == periods.size()) return false;
  ProgramPeriods& p = periods[next_period];
  if (id < p.first_op || (id - p.first_op) % p.ops != 0) return false;
  const std::int32_t k = (id - p.first_op) / p.ops;
  const auto temporaries = static_cast<BufferId>(s.program.buffers.size());
  if (k == 0) p.first_temporary = temporaries;
  if (k == 1) p.temporaries = temporaries - p.first_temporary;
  return k >= 1 && emit_renamed_period(s, p, k);
}

}  // namespace

void emit_steps(LoweringState& s) {
  s.program.ops.reserve(s.at(s.steps));
  // An access a graph operand, two a synthetic step, and room for a reduction's statistics:
  // growing the array copies it, and a per-head layout makes ten accesses a step.
  std::size_t operands = 0;
  for (const Op& op : s.graph.ops()) operands += op.inputs.size() + op.outputs.size();
  s.program.accesses.reserve(operands + 3 * s.at(s.steps));
  std::size_t next_period = 0;
  for (std::size_t at = 0; at < s.order.size(); ++at) {
    const OpId id = s.order[at];
    if (emitted_as_period(s, id, next_period)) {
      at += s.at(s.program.periods[next_period].ops) - 1;  // the periods pass checked the ops run in id order
      continue;
    }
    const std::size_t i = s.at(id);
    LoweredOp lo = op_step(s, id);
    if (lo.free) {
      lo.first_access = s.access_count();
      s.program.ops.push_back(lo);
    } else if (s.repacks_in[i] + s.repacks_out[i] > 0) {
      emit_repacked_cpu_op(s, lo, s.first_step_of[i]);
    } else {
      emit_direct(s, lo, s.first_step_of[i]);
    }
  }
}

}  // namespace anesim::lowering_pass
