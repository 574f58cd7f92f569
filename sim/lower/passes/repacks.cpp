// repacks: rule 7. The CPU computes floats in fp32 on packed rows, the ANE in fp16 on padded rows,
// so a CPU op reading a float ANE buffer first converts it to a packed fp32 copy, and one writing
// such a buffer converts its copy back after: a step before the op per input, one after per
// output. An in-place update writes only its slice, which needs no repack of its own.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void repacks(LoweringState& s) {
  for (OpId id : s.order) {
    const std::size_t i = s.at(id);
    if (s.engines[i] != Engine::cpu || s.is_free[i]) continue;
    const Op& op = s.graph.op(id);
    for (TensorId t : op.inputs) s.repacks_in[i] += s.needs_repack(t) ? 1 : 0;
    if (!updates_in_place(op.kind)) {
      for (TensorId t : op.outputs) s.repacks_out[i] += s.needs_repack(t) ? 1 : 0;
    }
  }
}

}  // namespace anesim::lowering_pass
