#include "sim/placement.hpp"

namespace anesim {

std::string_view engine_name(Engine engine) { return engine == Engine::ane ? "ANE" : "CPU"; }

namespace {
bool ane_can_run(const Graph& g, const Op& op, const ChipSpec& chip) {
  if (!ane_has_op(op.kind)) return false;
  for (TensorId t : op.inputs) {
    if (g.tensor(t).role != TensorRole::weight && !chip.ane_supports(g.tensor(t).dtype)) return false;
  }
  for (TensorId t : op.outputs) {
    if (!chip.ane_supports(g.tensor(t).dtype)) return false;
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

std::vector<Engine> place_ops(const Graph& g, const std::vector<OpId>& order, const ChipSpec& chip) {
  std::vector<Engine> engines(g.op_count(), Engine::ane);
  for (OpId id : order) {
    const Op& op = g.op(id);
    const bool cpu = !ane_can_run(g, op, chip) || follows_cpu_producers(g, op, engines);
    engines[static_cast<std::size_t>(id)] = cpu ? Engine::cpu : Engine::ane;
  }
  return engines;
}

}  // namespace anesim
