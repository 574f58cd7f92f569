#pragma once
// The lowering: places a validated graph on a chip's engines and turns every op into its buffer
// accesses (modelling rules 1-3, 7 and 11), as the passes of sim/lower/passes.def, in order.
// Padding follows the engine that holds a buffer: a buffer any ANE op touches is an ANE buffer
// (64-byte rows); one only the CPU touches is packed.
#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"
#include "sim/lower/pipeline.hpp"
#include "sim/lower/program.hpp"

namespace anesim {

// Every pass.
[[nodiscard]] Program lower(const Graph& graph, const ChipSpec& chip);
// The passes `pipeline` keeps: a what-if (LoweringPipeline::without({"transposes"}): no rule 3).
[[nodiscard]] Program lower(const Graph& graph, const ChipSpec& chip, const LoweringPipeline& pipeline);

}  // namespace anesim
