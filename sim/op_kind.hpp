#pragma once
// The op kinds a graph may hold, and the class of hardware path each one uses (DESIGN rule 3).
#include <cstdint>
#include <string_view>

namespace anesim {

enum class OpKind : std::uint8_t {
  // MAC-array ops
  conv1x1, linear, matmul, einsum,
  conv2d,  // a k x k convolution (patch embeddings, audio front-ends); attrs.ints = {kh, kw, sh, sw, ph, pw}
  // vector-path ops
  add, sub, mul, equal, select, cast, relu, gelu, silu, tanh, rsqrt, softmax, layer_norm, reduce_mean,
  // layout ops
  transpose, reshape, expand_dims, squeeze, split, concat, slice, tile,
  slice_update,  // writes a slice into its first input in place (a KV-cache append)
  // table lookups
  gather,
};

enum class OpClass : std::uint8_t { mac, vector, layout, gather };

[[nodiscard]] std::string_view op_kind_name(OpKind kind);
[[nodiscard]] OpClass op_class(OpKind kind);
[[nodiscard]] std::string_view op_class_name(OpClass cls);
// Element-wise vector ops: one output element per input element position, no reduction.
[[nodiscard]] bool is_elementwise(OpKind kind);
// Whether the Neural Engine has the op at all (hollance/neural-engine lists gather as unsupported).
[[nodiscard]] bool ane_has_op(OpKind kind);
// Ops whose output is their first input, updated in place.
[[nodiscard]] constexpr bool updates_in_place(OpKind kind) { return kind == OpKind::slice_update; }

}  // namespace anesim
