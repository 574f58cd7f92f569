#pragma once
// The lowering pass: places a validated graph on a chip's engines and turns every op into its
// buffer accesses (modelling rules 1-3 and 7). Padding follows the engine that holds a buffer: a
// buffer any ANE op touches is an ANE buffer (64-byte rows); one only the CPU touches is packed.
#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"
#include "sim/lower/program.hpp"

namespace anesim {

[[nodiscard]] Program lower(const Graph& graph, const ChipSpec& chip);

}  // namespace anesim
