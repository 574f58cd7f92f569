#pragma once
// The op kinds a graph may hold, and the class of hardware path each one uses (modelling rule 3).
#include <array>
#include <cstddef>
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

namespace detail {
struct OpKindInfo {
  std::string_view name;
  OpClass cls;
  bool elementwise;
  bool on_ane;
};
// Indexed by OpKind; order must match the enum. In the header, so that the look-ups below inline:
// the lowering and the placement ask them several times per op (issue 7).
inline constexpr std::array<OpKindInfo, 29> k_op_kinds{{
    {"conv1x1", OpClass::mac, false, true},
    {"linear", OpClass::mac, false, true},
    {"matmul", OpClass::mac, false, true},
    {"einsum", OpClass::mac, false, true},
    {"conv2d", OpClass::mac, false, true},
    {"add", OpClass::vector, true, true},
    {"sub", OpClass::vector, true, true},
    {"mul", OpClass::vector, true, true},
    {"equal", OpClass::vector, true, true},
    {"select", OpClass::vector, true, true},
    {"cast", OpClass::vector, true, true},
    {"relu", OpClass::vector, true, true},
    {"gelu", OpClass::vector, true, true},
    {"silu", OpClass::vector, true, true},
    {"tanh", OpClass::vector, true, true},
    {"rsqrt", OpClass::vector, true, true},
    {"softmax", OpClass::vector, false, true},
    {"layer_norm", OpClass::vector, false, true},
    {"reduce_mean", OpClass::vector, false, true},
    {"transpose", OpClass::layout, false, true},
    {"reshape", OpClass::layout, false, true},
    {"expand_dims", OpClass::layout, false, true},
    {"squeeze", OpClass::layout, false, true},
    {"split", OpClass::layout, false, true},
    {"concat", OpClass::layout, false, true},
    {"slice", OpClass::layout, false, true},
    {"tile", OpClass::layout, false, true},
    {"slice_update", OpClass::layout, false, true},
    {"gather", OpClass::gather, false, false},
}};
static_assert(k_op_kinds.back().name == "gather" && static_cast<std::size_t>(OpKind::gather) + 1 == k_op_kinds.size());
constexpr const OpKindInfo& info(OpKind kind) { return k_op_kinds[static_cast<std::size_t>(kind)]; }
}  // namespace detail

[[nodiscard]] constexpr std::string_view op_kind_name(OpKind kind) { return detail::info(kind).name; }
[[nodiscard]] constexpr OpClass op_class(OpKind kind) { return detail::info(kind).cls; }
[[nodiscard]] std::string_view op_class_name(OpClass cls);
// Element-wise vector ops: one output element per input element position, no reduction.
[[nodiscard]] constexpr bool is_elementwise(OpKind kind) { return detail::info(kind).elementwise; }
// Whether the Neural Engine has the op at all (hollance/neural-engine lists gather as unsupported).
[[nodiscard]] constexpr bool ane_has_op(OpKind kind) { return detail::info(kind).on_ane; }
// Point-wise nonlinearities a MAC op can apply to its own result as it writes it.
[[nodiscard]] constexpr bool is_activation(OpKind kind) {
  return kind == OpKind::relu || kind == OpKind::gelu || kind == OpKind::silu || kind == OpKind::tanh;
}
// Ops whose output is their first input, updated in place.
[[nodiscard]] constexpr bool updates_in_place(OpKind kind) { return kind == OpKind::slice_update; }

}  // namespace anesim
