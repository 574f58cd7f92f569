// number-steps: each op's first program step. An op takes one step, three with rule 3's
// transposes, or one plus its rule-7 repacks; an elided op still takes its (empty) step.
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

void number_steps(LoweringState& s) {
  std::int32_t steps = 0;
  for (OpId id : s.order) {
    const std::size_t i = s.at(id);
    s.first_step_of[i] = steps;
    steps += s.transposed[i] ? 3 : 1 + s.repacks_in[i] + s.repacks_out[i];
  }
  s.steps = steps;
}

}  // namespace anesim::lowering_pass
