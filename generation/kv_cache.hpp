#pragma once
// How a deployed decoder holds its KV cache between tokens: the three ways people ship it, each a
// different cost per token (docs/generation.md has the sources).
//  - state: a Core ML stateful model (iOS 18 / macOS 15, coremltools' StateType): the cache lives
//    in the engine's buffers and each step writes its token's row in place (slice_update); the
//    step attends over the tokens so far, so its cost grows with the position.
//  - io: the cache is a model input and a model output (the only way before iOS 18): the app
//    copies it into the engine's buffers and back every token, at the app boundary's rate.
//  - fixed: a fixed-size cache (the ANE compiles static shapes only) attended in full every step,
//    the unused rows masked: every step costs what the last one would.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.hpp"
#include "sim/app_boundary.hpp"

namespace anesim {

enum class KvCache : std::uint8_t { state, io, fixed };

inline constexpr std::array<std::string_view, 3> k_kv_cache_names{"state", "io", "fixed"};  // by KvCache

[[nodiscard]] constexpr std::string_view kv_cache_name(KvCache mode) { return k_kv_cache_names[static_cast<std::size_t>(mode)]; }
[[nodiscard]] std::vector<std::string> kv_cache_names();
// Throws anesim::Error listing the names when `name` is none of them.
[[nodiscard]] KvCache parse_kv_cache(std::string_view name);

// What holding the cache as `mode` copies across the app boundary per prediction of `graph`, on top
// of the model I/O every run pays (sim/app_boundary.hpp's model_io_traffic, in the run's latency):
// as io, the cache in and out (state_traffic); as fixed, the (B, L) mask of its used rows as an
// input; as state, nothing.
[[nodiscard]] BoundaryTraffic cache_traffic(const Graph& graph, KvCache mode);

}  // namespace anesim
