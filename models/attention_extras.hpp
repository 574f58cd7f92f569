#pragma once
// Ops some families add inside attention, shared by both layouts so each calls one function where
// its attention needs it: per-head RMSNorms of queries and keys (Qwen3's q_norm / k_norm) and the
// tanh soft cap of the scores (Gemma2). A model without them gets its input back, op for op.
#include <cstdint>
#include <string>

#include "models/layout_strategy.hpp"

namespace anesim {

// RMSNorm over the last axis of a per-head view (B,S,H,D) or (B,H,S,D), weight (D): the baseline's
// q_norm / k_norm as Qwen3's code writes them. Returns x when the model has no q/k norms.
[[nodiscard]] TensorId head_norm_last_axis(BuildContext& ctx, TensorId x, const std::string& name);

// The same norm on a (B, heads x D, 1, S) projection in the ANE layout: relabelled to (B,H,D,S)
// (the sequence stays last, so the reshapes move nothing), normed over D, relabelled back.
[[nodiscard]] TensorId head_norm_channels(BuildContext& ctx, TensorId x, std::int64_t heads, const std::string& name);

// cap x tanh(x / cap), or x when cap is 0: three elementwise ops named <name>.{scale,tanh,unscale}.
[[nodiscard]] TensorId soft_cap(BuildContext& ctx, TensorId x, double cap, const NameParts& name);

}  // namespace anesim
