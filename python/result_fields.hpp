#pragma once
// The RunResult fields the Python module exposes, one table shared by anesim_module.cpp (Result
// attributes) and sweep_bindings.cpp (sweep DataFrame columns), so a new total is one line here.

// RunTotals fields every build has, in the CLI JSON's order (regime, a string, is added apart).
#define ANESIM_TOTALS_FIELDS(X)                                                                                         \
  X(latency_s) X(peak_memory_bytes) X(weight_bytes) X(constant_bytes) X(peak_activation_bytes) X(peak_activation_logical_bytes)          \
  X(arena_bytes) X(dram_read_bytes) X(dram_write_bytes) X(flops) X(mac_flops) X(vector_flops) X(parameter_count)      \
  X(op_count) X(ane_ops) X(cpu_ops) X(free_ops) X(copy_ops) X(transposes) X(handovers) X(handover_s)                  \
  X(handover_bytes) X(compute_share) X(bandwidth_share) X(overhead_share)

// The energy totals, after `regime` in the JSON's order.
#define ANESIM_ENERGY_TOTALS(X) \
  X(energy_j) X(compute_energy_j) X(l2_energy_j) X(dram_energy_j) X(cpu_energy_j) X(static_energy_j) X(avg_power_w)

#define ANESIM_RESULT_LABELS(X) X(model) X(chip) X(layout) X(batch) X(seq) X(phase) X(kv_len) X(weights) X(sparsity) \
  X(power_state) X(ane_instances)
