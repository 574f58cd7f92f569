#pragma once
// One builder for every Transformer in the zoo: ModelSpec + layout + (batch, seq) -> Graph.
#include <cstdint>
#include <string>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/repeated_layers.hpp"
#include "ir/graph.hpp"

namespace anesim {

// Throws anesim::Error on a bad size (batch or seq < 1, seq above max_positions) or layout.
// Repeated layers are copied (models/repeated_layers.hpp); `never` builds each, for the tests,
// which also read how many were copied from `copied_layers`.
[[nodiscard]] Graph build_transformer(const ModelSpec& model, const std::string& layout, std::int64_t batch,
                                      std::int64_t seq, const BuildOptions& options = {},
                                      LayerCopies copies = LayerCopies::when_repeated,
                                      std::int64_t* copied_layers = nullptr);

}  // namespace anesim
