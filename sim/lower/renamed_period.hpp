#pragma once
// Emitting a repeated layer as the layer before it renamed (issue 22). A period of the program
// (ProgramPeriods, a layer the builder copied) is emitted step by step from its ops' engines, flags,
// buffers and layouts (passes/emit_steps.cpp). When every op of period k has the decisions its
// counterpart in period k - 1 has (engine, elided, transposed, repacks, and for a CPU op which
// operands it repacks), and reads and writes the renamed tensors in the renamed buffers, emitting
// it gives period k - 1's steps with each op moved one period on, its accesses renamed, and its
// temporaries copied a period later: everything else emit-steps reads of an op is a function of its
// fields (kind, attributes, shapes, dtypes, roles), which a copied layer shares with the one
// before (ir/graph_block.hpp). So the check is a handful of compares an op rather than the
// layouts, temporaries and accesses that emitting costs, and a period that fails it is emitted op
// by op. tests/test_period_replay.cpp holds the program equal to one emitted op by op.
#include <cstdint>

#include "sim/lower/lowering_state.hpp"

namespace anesim {

// Emits period k (k >= 1) of `periods` as period k - 1 renamed, and marks it renamed, when that is
// what emitting its ops would give; else emits nothing and returns false. Period k - 1 is emitted
// and every earlier period created `periods.temporaries` temporaries from `first_temporary` on.
bool emit_renamed_period(LoweringState& state, ProgramPeriods& periods, std::int32_t k);

}  // namespace anesim
