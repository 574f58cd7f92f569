#include "sim/app_boundary.hpp"

namespace anesim {

namespace {

bool is_float(DType type) { return type == DType::fp16 || type == DType::fp32; }

bool crosses(const Tensor& t) { return t.role == TensorRole::input || t.graph_output; }

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

BoundaryTraffic model_io_traffic(const Graph& graph) {
  BoundaryTraffic total;
  for (const Tensor& t : graph.tensors()) {
    if (crosses(t) && !t.state) total += tensor_crossing(t.shape.elements(), t.dtype);
  }
  return total;
}

BoundaryTraffic state_traffic(const Graph& graph) {
  BoundaryTraffic total;
  for (const Tensor& t : graph.tensors()) {
    if (!crosses(t) || !t.state) continue;
    const int copies = t.role == TensorRole::input ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      BoundaryTraffic one = tensor_crossing(t.shape.elements(), t.dtype);
      one.cache_bytes = one.engine_bytes;
      total += one;
    }
  }
  return total;
}

double app_io_bandwidth_Bps(const ChipSpec& chip) {
  return chip.app_io_bandwidth_Bps > 0 ? chip.app_io_bandwidth_Bps : chip.cpu_bandwidth_Bps;
}

double boundary_seconds(const BoundaryTraffic& traffic, const ChipSpec& chip) {
  return static_cast<double>(traffic.moved_bytes()) / app_io_bandwidth_Bps(chip);
}

double boundary_action_energy_j(std::int64_t moved_bytes, const EnergyTable& energy) {
  return static_cast<double>(moved_bytes) * energy.cpu_j_per_byte;
}

double boundary_energy_j(const BoundaryTraffic& traffic, const ChipSpec& chip) {
  if (!chip.has_energy) return 0;
  return boundary_action_energy_j(traffic.moved_bytes(), chip.energy) +
         chip.current_power_state().static_w * boundary_seconds(traffic, chip);
}

}  // namespace anesim
