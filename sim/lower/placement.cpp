#include "sim/lower/placement.hpp"

#include <algorithm>
#include <array>

namespace anesim {

std::string_view engine_name(Engine engine) { return engine == Engine::ane ? "ANE" : "CPU"; }

namespace {
// The dtypes the chip's ANE takes, looked up once per placement rather than searched for every
// tensor of every op.
class AneTypes {
 public:
  explicit AneTypes(const ChipSpec& chip) {
    for (std::size_t k = 0; k < m_supported.size(); ++k) m_supported[k] = chip.ane_supports(static_cast<DType>(k));
  }
  [[nodiscard]] bool operator()(DType type) const { return m_supported[static_cast<std::size_t>(type)]; }

 private:
  std::array<bool, k_dtype_bits.size()> m_supported{};
};

bool ane_can_run(const Graph& g, const Op& op, const AneTypes& ane_supports) {
  if (!ane_has_op(op.kind)) return false;
  for (TensorId t : op.inputs) {
    if (g.tensor(t).role != TensorRole::weight && !ane_supports(g.tensor(t).dtype)) return false;
  }
  for (TensorId t : op.outputs) {
    if (!ane_supports(g.tensor(t).dtype)) return false;
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

std::int64_t ane_weight_bytes(const Graph& g, const std::vector<Engine>& engines) {
  std::vector<std::uint8_t> counted(g.tensor_count(), 0);
  std::int64_t total = 0;
  for (OpId id = 0; id < static_cast<OpId>(g.op_count()); ++id) {
    if (engines[static_cast<std::size_t>(id)] != Engine::ane) continue;
    for (TensorId t : g.op(id).inputs) {
      const Tensor& w = g.tensor(t);
      if (w.role != TensorRole::weight || counted[static_cast<std::size_t>(t)] != 0) continue;
      counted[static_cast<std::size_t>(t)] = 1;
      total += weight_storage_bytes(w);
    }
  }
  return total;
}

std::vector<Engine> place_ops(const Graph& g, const std::vector<OpId>& order, const ChipSpec& chip) {
  std::vector<Engine> engines(g.op_count(), Engine::ane);
  const AneTypes ane_types(chip);
  for (OpId id : order) {
    const Op& op = g.op(id);
    const bool cpu = !ane_can_run(g, op, ane_types) || follows_cpu_producers(g, op, engines);
    engines[static_cast<std::size_t>(id)] = cpu ? Engine::cpu : Engine::ane;
  }
  if (chip.address_window_bytes > 0 && ane_weight_bytes(g, engines) > chip.address_window_bytes) {
    std::fill(engines.begin(), engines.end(), Engine::cpu);
  }
  return engines;
}

}  // namespace anesim
