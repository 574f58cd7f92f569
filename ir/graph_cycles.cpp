#include "ir/graph_cycles.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace anesim {

std::vector<OpId> ops_on_a_cycle(const Graph& graph, const std::vector<bool>& placed) {
  using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const std::size_t n = graph.op_count();
  Digraph g(n);
  std::vector<bool> self_loop(n, false);
  for (std::size_t v = 0; v < n; ++v) {
    if (placed[v]) continue;
    for (TensorId in : graph.op(static_cast<OpId>(v)).inputs) {
      const OpId producer = graph.tensor(in).producer;
      if (producer == k_none || placed[static_cast<std::size_t>(producer)]) continue;
      boost::add_edge(static_cast<std::size_t>(producer), v, g);
      if (static_cast<std::size_t>(producer) == v) self_loop[v] = true;
    }
  }
  std::vector<std::size_t> component(n);
  const std::size_t count = boost::strong_components(g, component.data());
  std::vector<std::size_t> size(count, 0);
  for (std::size_t v = 0; v < n; ++v) size[component[v]] += placed[v] ? 0 : 1;
  for (std::size_t v = 0; v < n; ++v) {
    if (placed[v] || (size[component[v]] < 2 && !self_loop[v])) continue;
    std::vector<OpId> cycle;
    for (std::size_t w = v; w < n; ++w) {
      if (!placed[w] && component[w] == component[v]) cycle.push_back(static_cast<OpId>(w));
    }
    return cycle;
  }
  return {};
}

}  // namespace anesim
