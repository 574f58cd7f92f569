#include "sim/lower/placement.hpp"

#include <algorithm>

namespace anesim {

std::string_view engine_name(Engine engine) { return engine == Engine::ane ? "ANE" : "CPU"; }

namespace {
bool ane_can_run(const Graph& g, const Op& op, const LoweringParams& params) {
  if (!ane_has_op(op.kind)) return false;
  for (TensorId t : op.inputs) {
    if (g.tensor(t).role != TensorRole::weight && !params.ane_supports(g.tensor(t).dtype)) return false;
  }
  for (TensorId t : op.outputs) {
    if (!params.ane_supports(g.tensor(t).dtype)) return false;
  }
  return true;
}

bool follows_cpu_producers(const Graph& g, const Op& op, const std::vector<Engine>& engines) {
  if (!is_elementwise(op.kind) && op_class(op.kind) != OpClass::layout) return false;
  bool any = false;
  for (TensorId t : op.inputs) {
    const Tensor& tensor = g.tensor(t);
    if (tensor.role != TensorRole::activation) continue;
    if (engines[static_cast<std::size_t>(tensor.producer)] != Engine::cpu) return false;
    any = true;
  }
  return any;
}
}  // namespace

// Each weight an ANE op reads, once: found from the weights' consumers, which are few, rather than
// from every op's inputs (a per-head layout's concat reads dozens).
std::int64_t ane_weight_bytes(const Graph& g, const std::vector<Engine>& engines) {
  std::int64_t total = 0;
  for (const Tensor& w : g.tensors()) {
    if (w.role != TensorRole::weight) continue;
    for (OpId c : w.consumers) {
      if (engines[static_cast<std::size_t>(c)] == Engine::ane) {
        total += weight_storage_bytes(w);
        break;
      }
    }
  }
  return total;
}

std::vector<Engine> place_ops(const Graph& g, const std::vector<OpId>& order, const LoweringParams& params) {
  std::vector<Engine> engines(g.op_count(), Engine::ane);
  for (OpId id : order) {
    const Op& op = g.op(id);
    const bool cpu = !ane_can_run(g, op, params) || follows_cpu_producers(g, op, engines);
    engines[static_cast<std::size_t>(id)] = cpu ? Engine::cpu : Engine::ane;
  }
  if (params.address_window_bytes > 0 && ane_weight_bytes(g, engines) > params.address_window_bytes) {
    std::fill(engines.begin(), engines.end(), Engine::cpu);
  }
  return engines;
}

}  // namespace anesim
