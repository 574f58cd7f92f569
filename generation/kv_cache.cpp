#include "generation/kv_cache.hpp"

#include <utility>

#include "core/choice_list.hpp"
#include "core/error.hpp"

namespace anesim {

namespace {

// (batch, tokens) of the cache a slice_update appends to along its axis; (0, 0) without one.
std::pair<std::int64_t, std::int64_t> cache_rows(const Graph& graph) {
  for (const Op& op : graph.ops()) {
    if (op.kind != OpKind::slice_update || op.inputs.empty()) continue;
    const Shape& shape = graph.tensor(op.inputs[0]).shape;
    return {shape[0], shape[shape.normalize_axis(op.attrs.axis)]};
  }
  return {0, 0};
}

}  // namespace

std::vector<std::string> kv_cache_names() { return {k_kv_cache_names.begin(), k_kv_cache_names.end()}; }

KvCache parse_kv_cache(std::string_view name) {
  for (std::size_t i = 0; i < k_kv_cache_names.size(); ++i) {
    if (k_kv_cache_names[i] == name) return static_cast<KvCache>(i);
  }
  throw Error("unknown KV-cache mode '" + std::string(name) + "'", "use one of " + choice_list(k_kv_cache_names));
}

BoundaryTraffic cache_traffic(const Graph& graph, KvCache mode) {
  switch (mode) {
    case KvCache::state: return {};
    case KvCache::io: return state_traffic(graph);
    case KvCache::fixed: {
      const auto [batch, tokens] = cache_rows(graph);
      return tensor_crossing(batch * tokens, DType::fp16);
    }
  }
  return {};
}

}  // namespace anesim
