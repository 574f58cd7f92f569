#pragma once
// The lowering passes' functions, one per line of sim/lower/passes.def. Each reads and extends a
// LoweringState; tests call one alone on a state whose earlier parts they set by hand.
#include "sim/lower/lowering_state.hpp"

namespace anesim::lowering_pass {

#define LOWERING_PASS(id, name, need, job) void id(LoweringState& state);
#include "sim/lower/passes.def"
#undef LOWERING_PASS

}  // namespace anesim::lowering_pass
