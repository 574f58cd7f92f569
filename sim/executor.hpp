#pragma once
// Runs a graph on a chip: lower -> allocate -> L2 traffic -> schedule -> RunResult. The executor
// never knows which model it runs.
#include "sim/chip_spec.hpp"
#include "sim/graph.hpp"
#include "sim/run_result.hpp"

namespace anesim {

[[nodiscard]] RunResult execute(const Graph& graph, const ChipSpec& chip);

}  // namespace anesim
