#include "sim/lower/lowering.hpp"

#include <utility>

#include "sim/lower/lowering_state.hpp"

namespace anesim {

Program lower(const Graph& graph, const ChipSpec& chip) { return lower(graph, chip, LoweringPipeline{}); }

Program lower(const Graph& graph, const ChipSpec& chip, const LoweringPipeline& pipeline) {
  LoweringState state(graph, lowering_params(chip));
  pipeline.run(state);
  return std::move(state.program);
}

}  // namespace anesim
