// batch-passes: rule 11. The ANE walks a batch along the N axis of an op's output one element at a
// time; its weights pass through a small coefficient store, so each element after the first
// streams them again (the scheduler counts that). Rule 3's transposes and the CPU's steps take one
// pass.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void batch_passes(LoweringState& s) {
  for (LoweredOp& lo : s.program.ops) {
    if (lo.engine != Engine::ane || lo.synthetic != SyntheticStep::none) continue;
    lo.batch_passes = s.layout_on(s.graph.op(lo.op).outputs[0], Engine::ane).nchw[0];
  }
}

}  // namespace anesim::lowering_pass
