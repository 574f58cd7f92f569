#pragma once
// Per-op cost rules that do not depend on the chip: FLOPs on the MAC arrays and on the vector
// path, and which layout ops are real copies (modelling rules 2 and 3). Each kind's own rules are
// in its class's file in ir/ops/; these dispatch to them. FLOP conventions follow
// docs/sources.md §9.2: MAC FLOPs = 2 x multiply-accumulates; one vector FLOP
// per output element of an element-wise op; reduce_mean = input + output elements; softmax = 5 per
// element; layer_norm = 7 per element + 4 per normalised row; bias adds count as vector FLOPs.
#include <cstdint>

#include "ir/graph.hpp"

namespace anesim {

struct OpFlops {
  double mac = 0;
  double vector = 0;
};

[[nodiscard]] OpFlops op_flops(const Graph& graph, const Op& op);

// The multiply-accumulates behind each output element of a convolution (conv2d: Cin/groups x kh
// x kw; conv_transpose: their mean over the outputs), which decide how much of the MAC array it
// fills (sim/lower/passes/emit_steps.cpp); 0 for every other kind, whose utilisation is not modelled.
[[nodiscard]] double conv_reduction_depth(const Graph& graph, const Op& op);

// Rule 2: a layout op moves data when it changes which axis is last or the last axis's length;
// relabelling outer axes is free. tile and slice_update always write their output. False for
// every op that is not a layout op: it computes a new tensor.
[[nodiscard]] bool layout_op_copies(const Graph& graph, const Op& op);

// Rule 3 (see reduces_over_last_axis(OpKind) in ir/op_kind.hpp).
[[nodiscard]] inline bool reduces_over_last_axis(const Op& op) { return reduces_over_last_axis(op.kind); }

// A fused reduction over the last axis (softmax, layer_norm) keeps per-row statistics whose last
// axis is 1; this is the statistics tensor's shape (one per statistic).
[[nodiscard]] Shape reduction_stats_shape(const Graph& graph, const Op& op);
// softmax keeps the row max and the row sum; layer_norm the mean and the inverse deviation.
[[nodiscard]] inline int reduction_stats_count(const Op& op) { return reduction_stats_count(op.kind); }

}  // namespace anesim
