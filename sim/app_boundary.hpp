#pragma once
// The app boundary: what a prediction copies between the app's arrays and the engine's buffers.
// Core ML hands a model its inputs as MLMultiArrays and returns its outputs as MLMultiArrays; the
// CPU copies each across, converting where the app's array is fp32 (Core ML's default multiarray
// type) and the engine's buffer fp16 (docs/modelling-rules.md rule 12; docs/generation.md has the
// sources). A copy reads one side and writes the other, so its time is (app bytes + engine bytes)
// / the chip's app_io_bandwidth_Bps: 6 bytes an element for an fp32 <-> fp16 conversion (4 + 2); a tensor of
// another type (int32 token ids: 4 + 4 = 8 bytes, a bool 1 + 1) crosses as it is, copied
// without a conversion, since the app's array holds that type too.
//
// Every run pays it (sim/executor.hpp): each graph input and output crosses once, except the
// model's state (Tensor::state: a KV cache, a decode step's cache input and a prefill's cache
// writes), which a Core ML stateful model keeps in the engine's buffers. A deployment that holds
// its cache as model I/O copies the state too (state_traffic; generation/kv_cache.hpp).
#include <cstdint>

#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"

namespace anesim {

struct BoundaryTraffic {
  std::int64_t app_bytes = 0;     // the app's side: floats as fp32, other types as they are
  std::int64_t engine_bytes = 0;  // the engine's side, in the graph's types
  std::int64_t cache_bytes = 0;   // of engine_bytes, the model's state's (a KV cache as model I/O)

  [[nodiscard]] std::int64_t moved_bytes() const { return app_bytes + engine_bytes; }
  BoundaryTraffic& operator+=(const BoundaryTraffic& other);
};

// A tensor of `elements` values of `engine_type` copied once across (an activation handed between
// two chunks crosses twice: out of one, into the next).
[[nodiscard]] BoundaryTraffic tensor_crossing(std::int64_t elements, DType engine_type);
// What every run of `graph` copies: each graph input and output that is not the model's state.
[[nodiscard]] BoundaryTraffic model_io_traffic(const Graph& graph);
// What the model's state copies when it is model I/O: a state input goes in and, one row longer,
// comes back (its slice_update's output); a state output (a prefill's cache write) comes out.
[[nodiscard]] BoundaryTraffic state_traffic(const Graph& graph);

// The chip's copy rate: app_io_bandwidth_Bps, or its CPU's bandwidth_Bps when the file gives none.
[[nodiscard]] double app_io_bandwidth_Bps(const ChipSpec& chip);
[[nodiscard]] double boundary_seconds(const BoundaryTraffic& traffic, const ChipSpec& chip);
// The CPU's energy per byte moved: the copy's actions, without the static power over its time.
[[nodiscard]] double boundary_action_energy_j(std::int64_t moved_bytes, const EnergyTable& energy);
// The actions plus the state's static power while the engine waits for the copy.
// `chip` in the run's power state (apply_power_state).
[[nodiscard]] double boundary_energy_j(const BoundaryTraffic& traffic, const ChipSpec& chip);

}  // namespace anesim
