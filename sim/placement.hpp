#pragma once
// Engine placement (DESIGN rule 7). An op runs on the CPU when the ANE lacks the op kind (gather)
// or a dtype it reads or writes (bool, int32); and a cheap op (element-wise or layout) whose
// activation inputs all come from CPU ops stays there, since moving it would only add a
// hand-over. Everything else runs on the ANE.
#include <vector>

#include "sim/chip_spec.hpp"
#include "sim/graph.hpp"
#include "sim/program.hpp"

namespace anesim {

// One engine per op, indexed by OpId; `order` is the execution order.
[[nodiscard]] std::vector<Engine> place_ops(const Graph& graph, const std::vector<OpId>& order, const ChipSpec& chip);

}  // namespace anesim
