// place: the execution order, and each op's engine (sim/lower/placement.hpp has the rules).
#include "sim/lower/passes.hpp"
#include "sim/lower/placement.hpp"

namespace anesim::lowering_pass {

void place(LoweringState& s) {
  s.order = s.graph.execution_order();
  s.engines = place_ops(s.graph, s.order, s.params);
}

}  // namespace anesim::lowering_pass
