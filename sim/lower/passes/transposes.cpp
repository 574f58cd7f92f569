// transposes: rule 3. Linear and matmul reduce over the last axis (W) of their first operand, so on
// the ANE the hardware transposes that operand into channels-first before the op and its result
// back after it: the op takes three program steps (emit-steps writes them).
#include "ir/op_cost.hpp"
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void transposes(LoweringState& s) {
  for (OpId id : s.order) {
    const std::size_t i = s.at(id);
    s.transposed[i] = s.engines[i] == Engine::ane && !s.is_free[i] && reduces_over_last_axis(s.graph.op(id));
  }
}

}  // namespace anesim::lowering_pass
