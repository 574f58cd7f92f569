#include "generation/app_boundary.hpp"

#include <utility>

namespace anesim {

namespace {

bool is_float(DType type) { return type == DType::fp16 || type == DType::fp32; }

// The tensors a slice_update writes into: the KV caches a decode step appends its token to.
std::vector<bool> cache_inputs(const Graph& graph) {
  std::vector<bool> cache(graph.tensor_count(), false);
  for (const Op& op : graph.ops()) {
    if (op.kind == OpKind::slice_update && !op.inputs.empty()) cache[static_cast<std::size_t>(op.inputs[0])] = true;
  }
  return cache;
}

// The model's result: the last graph output the builder marked (a prefill marks its cache
// writes first, layer by layer, and the head's output last).
TensorId result_tensor(const Graph& graph) {
  TensorId last = k_none;
  for (std::size_t i = 0; i < graph.tensor_count(); ++i) {
    if (graph.tensors()[i].graph_output) last = static_cast<TensorId>(i);
  }
  return last;
}

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

BoundaryTraffic& BoundaryTraffic::operator+=(const BoundaryTraffic& other) {
  app_bytes += other.app_bytes;
  engine_bytes += other.engine_bytes;
  cache_bytes += other.cache_bytes;
  return *this;
}

BoundaryTraffic tensor_crossing(std::int64_t elements, DType engine_type) {
  const DType app_type = is_float(engine_type) ? DType::fp32 : engine_type;
  return {.app_bytes = storage_bytes(elements, app_type), .engine_bytes = storage_bytes(elements, engine_type)};
}

BoundaryTraffic boundary_traffic(const Graph& graph, KvCache mode) {
  const std::vector<bool> cache = cache_inputs(graph);
  const TensorId result = result_tensor(graph);
  const bool cache_is_io = mode == KvCache::io;
  BoundaryTraffic total;
  for (std::size_t i = 0; i < graph.tensor_count(); ++i) {
    const Tensor& t = graph.tensors()[i];
    const bool is_cache = cache[i] || (t.graph_output && static_cast<TensorId>(i) != result);
    const bool crosses = (t.role == TensorRole::input || t.graph_output) && (!is_cache || cache_is_io);
    if (!crosses) continue;
    // A decode step's cache goes in and, one row longer, comes back: its slice_update's output.
    const int copies = cache[i] ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      BoundaryTraffic one = tensor_crossing(t.shape.elements(), t.dtype);
      if (is_cache) one.cache_bytes = one.engine_bytes;
      total += one;
    }
  }
  if (mode == KvCache::fixed) {
    const auto [batch, tokens] = cache_rows(graph);
    total += tensor_crossing(batch * tokens, DType::fp16);
  }
  return total;
}

double app_io_bandwidth_Bps(const ChipSpec& chip) {
  return chip.app_io_bandwidth_Bps > 0 ? chip.app_io_bandwidth_Bps : chip.cpu_bandwidth_Bps;
}

double boundary_seconds(const BoundaryTraffic& traffic, const ChipSpec& chip) {
  return static_cast<double>(traffic.moved_bytes()) / app_io_bandwidth_Bps(chip);
}

double boundary_energy_j(const BoundaryTraffic& traffic, const ChipSpec& chip) {
  if (!chip.has_energy) return 0;
  return static_cast<double>(traffic.moved_bytes()) * chip.energy.cpu_j_per_byte +
         chip.current_power_state().static_w * boundary_seconds(traffic, chip);
}

}  // namespace anesim
