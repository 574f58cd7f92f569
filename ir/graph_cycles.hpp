#pragma once
// Names the ops that form a cycle, for the error validate() raises. Only the error path uses it,
// so the hot path keeps its flat arrays while the search is Boost.Graph's.
#include <vector>

#include "ir/graph.hpp"

namespace anesim {

// Among the ops a topological sort could not place (`placed[op]` false), the ops of one cycle:
// the strongly connected component of more than one op (or an op reading its own output) with
// the lowest op id, in id order. Ops merely downstream of a cycle are not named.
[[nodiscard]] std::vector<OpId> ops_on_a_cycle(const Graph& graph, const std::vector<bool>& placed);

}  // namespace anesim
