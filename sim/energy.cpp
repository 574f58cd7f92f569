#include "sim/energy.hpp"

#include "sim/app_boundary.hpp"

namespace anesim {

void compute_energy(RunResult& result, const EnergyParams& params) {
  RunTotals& t = result.totals;
  t.energy_j = t.compute_energy_j = t.l2_energy_j = t.dram_energy_j = t.cpu_energy_j = t.static_energy_j = 0;
  t.avg_power_w = 0;
  for (auto& op : result.ops) op.energy_j = 0;
  if (!params.has_energy) return;

  const EnergyTable& e = params.per_action;
  const double v2 = params.dynamic_energy_scale;  // the ANE's actions at this state's voltage
  for (auto& op : result.ops) {
    if (op.free) continue;
    const double dram_bytes = static_cast<double>(op.dram_read_bytes + op.dram_write_bytes);
    double actions = 0;
    if (op.engine == Engine::ane) {
      const double compute = v2 * (op.mac_flops * e.mac_j_per_flop + op.vector_flops * e.vector_j_per_flop);
      const double l2 = v2 * static_cast<double>(op.l2_bytes) * e.l2_j_per_byte;
      const double dram = v2 * dram_bytes * e.dram_j_per_byte;
      t.compute_energy_j += compute;
      t.l2_energy_j += l2;
      t.dram_energy_j += dram;
      actions = compute + l2 + dram;
    } else {
      // The CPU runs at its own operating point, not the ANE's.
      actions = (op.mac_flops + op.vector_flops) * e.cpu_j_per_flop + dram_bytes * e.cpu_j_per_byte;
      t.cpu_energy_j += actions;
    }
    op.energy_j = actions + params.static_w * op.latency_s();
  }
  // The app boundary's copies are CPU work; their time is in latency_s, so the static part covers it.
  t.cpu_energy_j += boundary_action_energy_j(t.app_io_bytes, e);
  t.static_energy_j = params.static_w * t.latency_s;
  t.energy_j = t.compute_energy_j + t.l2_energy_j + t.dram_energy_j + t.cpu_energy_j + t.static_energy_j;
  t.avg_power_w = t.latency_s > 0 ? t.energy_j / t.latency_s : 0;
}

}  // namespace anesim
