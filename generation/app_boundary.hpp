#pragma once
// The app boundary: what a prediction copies between the app's arrays and the engine's buffers.
// Core ML hands a model its inputs as MLMultiArrays and returns its outputs as MLMultiArrays; the
// CPU copies each across, converting where the app's array is fp32 (Core ML's default multiarray
// type) and the engine's buffer fp16 (docs/generation.md has the sources). A copy reads one side
// and writes the other, so its time is (app bytes + engine bytes) / the chip's
// app_io_bandwidth_Bps: 6 bytes an element for an fp32 <-> fp16 conversion, 8 for int32 ids.
//
// What crosses depends on how the KV cache is held (generation/kv_cache.hpp): the graph's inputs
// and its result always do; a cache (a graph input a slice_update writes into, and its updated
// copy; in a prefill, the graph outputs other than the result) crosses only when it is model I/O.
// A fixed-size cache adds its (B, L) mask as an input.
#include <cstdint>

#include "chip/chip_spec.hpp"
#include "generation/kv_cache.hpp"
#include "ir/graph.hpp"

namespace anesim {

struct BoundaryTraffic {
  std::int64_t app_bytes = 0;     // the app's side: floats as fp32, other types as they are
  std::int64_t engine_bytes = 0;  // the engine's side, in the graph's types
  std::int64_t cache_bytes = 0;   // of engine_bytes, the KV cache's (io only)

  [[nodiscard]] std::int64_t moved_bytes() const { return app_bytes + engine_bytes; }
  BoundaryTraffic& operator+=(const BoundaryTraffic& other);
};

// Everything `graph` copies across the boundary in one prediction, the cache held as `mode`.
[[nodiscard]] BoundaryTraffic boundary_traffic(const Graph& graph, KvCache mode);
// A tensor of `elements` values of `engine_type` copied once across (an activation handed between
// two chunks crosses twice: out of one, into the next).
[[nodiscard]] BoundaryTraffic tensor_crossing(std::int64_t elements, DType engine_type);

// The chip's copy rate: app_io_bandwidth_Bps, or its CPU's bandwidth_Bps when the file gives none.
[[nodiscard]] double app_io_bandwidth_Bps(const ChipSpec& chip);
[[nodiscard]] double boundary_seconds(const BoundaryTraffic& traffic, const ChipSpec& chip);
// The CPU's energy per byte moved, plus the state's static power while the engine waits for it.
// `chip` in the run's power state (apply_power_state).
[[nodiscard]] double boundary_energy_j(const BoundaryTraffic& traffic, const ChipSpec& chip);

}  // namespace anesim
