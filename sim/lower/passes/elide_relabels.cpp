// elide-relabels: rule 2. A layout op that keeps the last axis and its length (a reshape of outer
// axes, a split or concat along them) only relabels its buffer: the compiler elides it, and its
// inputs and outputs share one buffer. One that moves data across W is a copy and stays.
#include "ir/op_cost.hpp"
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void elide_relabels(LoweringState& s) {
  for (OpId id : s.order) {
    const Op& op = s.graph.op(id);
    if (op_class(op.kind) != OpClass::layout || layout_op_copies(s.graph, op)) continue;
    s.is_free[s.at(id)] = 1;
    for (TensorId in : op.inputs) {
      for (TensorId out : op.outputs) s.join(in, out);
    }
  }
}

}  // namespace anesim::lowering_pass
