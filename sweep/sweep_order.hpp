#pragma once
// A sweep point from its index, without building the list of every point: a 10-million-point
// sweep's list alone (about 150 bytes a point) was more memory than the sweep should take. The
// order is sweep_points()'s (sweep/sweep_runner.hpp): chips outermost, batch innermost, with its
// collapses (prefill one kv_len, decode one seq, fixed-sequence models one seq).
#include <cstddef>

#include "sweep/sweep_runner.hpp"

namespace anesim {

// Points of one (chip, power_state) pair, a "chip slot"; every slot has the same list.
[[nodiscard]] std::size_t points_per_chip_slot(const SweepSpec& spec);
// Point `index` of the chip slot list (chip 0, state "high" as placeholders).
[[nodiscard]] SweepPoint chip_slot_point_at(const SweepSpec& spec, std::size_t index);
// Point `index` of the whole sweep: sweep_points(spec)[index]; index < sweep_size(spec).
[[nodiscard]] SweepPoint sweep_point_at(const SweepSpec& spec, std::size_t index);
// The labels a RunResult of this point carries (model, chip, layout, seq as run, phase, kv_len,
// weights, sparsity, power_state), totals zero and no op records: what the reports group and pick
// by, known before the point runs. tests/test_sweep.cpp holds it to the labels of real runs.
[[nodiscard]] RunResult planned_labels(const SweepSpec& spec, const SweepPoint& point);

}  // namespace anesim
