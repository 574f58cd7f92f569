// liveness: each buffer's bytes (in the layout of the engine that holds it) and the steps it lives
// between. An op reads its inputs at its first step and writes its outputs at its last; the caller's
// inputs exist for the whole call, and graph outputs live to the end.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

namespace {
void touch_steps(LoweringState& s) {
  s.first.assign(s.program.buffers.size(), s.steps);
  s.last.assign(s.program.buffers.size(), -1);
  for (OpId id : s.order) {
    const Op& op = s.graph.op(id);
    const std::size_t i = s.at(id);
    const std::int32_t begin = s.first_step_of[i];
    const std::int32_t end = begin + (s.transposed[i] ? 2 : s.repacks_in[i] + s.repacks_out[i]);
    auto touch = [&s](TensorId t, std::int32_t step) {
      const BufferId b = s.buffer_of(t);
      if (b < 0) return;
      s.first[s.at(b)] = std::min(s.first[s.at(b)], step);
      s.last[s.at(b)] = std::max(s.last[s.at(b)], step);
    };
    for (TensorId t : op.inputs) touch(t, begin);
    for (TensorId t : op.outputs) touch(t, end);
  }
}
}  // namespace

void liveness(LoweringState& s) {
  touch_steps(s);
  const std::int32_t steps = s.steps;
  for (std::size_t b = 0; b < s.program.buffers.size(); ++b) {
    Buffer& buf = s.program.buffers[b];
    const BufferLayout& layout = s.layout_on(s.buffer_root[b], s.on_ane[b] ? Engine::ane : Engine::cpu);
    buf.logical_bytes = layout.logical_bytes;
    buf.allocated_bytes = layout.allocated_bytes;
    buf.first_step = s.first[b] == steps ? 0 : s.first[b];
    buf.last_step = std::max(s.last[b], buf.first_step);
    if (buf.kind == BufferKind::input) {
      buf.first_step = 0;
      buf.last_step = std::max(steps - 1, 0);
    }
  }
  for (TensorId t = 0; t < static_cast<TensorId>(s.graph.tensor_count()); ++t) {
    const BufferId b = s.buffer_of(t);
    if (b >= 0 && s.graph.tensor(t).graph_output) {
      s.program.buffers[s.at(b)].graph_output = true;
      s.program.buffers[s.at(b)].last_step = steps - 1;
    }
  }
}

}  // namespace anesim::lowering_pass
