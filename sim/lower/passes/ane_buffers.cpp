// ane-buffers: a buffer any ANE op reads or writes is an ANE buffer (fp16, rows padded to the
// chip's alignment), and a CPU op that reads or writes one repacks it (rule 7). One only the CPU
// touches is packed. Elided ops touch nothing.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void ane_buffers(LoweringState& s) {
  auto mark = [&s](TensorId t) {
    const BufferId b = s.buffer_of(t);
    if (b >= 0) s.on_ane[s.at(b)] = 1;
  };
  for (OpId id : s.order) {
    if (s.engines[s.at(id)] != Engine::ane || s.is_free[s.at(id)]) continue;
    const Op& op = s.graph.op(id);
    for (TensorId t : op.inputs) mark(t);
    for (TensorId t : op.outputs) mark(t);
  }
}

}  // namespace anesim::lowering_pass
