#pragma once
// The op kinds a graph may hold and their fixed properties, generated from ir/ops/op_kinds.def;
// the class of hardware path each one uses is modelling rule 3.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace anesim {

enum class OpKind : std::uint8_t {
#define ANESIM_OP_KIND(name, cls, elementwise, on_ane, activation, in_place, reduces_w, row_stats) name,
#include "ir/ops/op_kinds.def"
};

enum class OpClass : std::uint8_t { mac, vector, layout, gather };

namespace detail {
struct OpKindInfo {
  std::string_view name;
  OpClass cls;
  bool elementwise;
  bool on_ane;
  bool activation;
  bool in_place;
  bool reduces_w;
  int row_stats;
};
// Indexed by OpKind, from the same list as the enum. In the header, so that the look-ups below
// inline: the lowering and the placement ask them several times per op (issue 7).
inline constexpr std::array k_op_kinds{
#define ANESIM_OP_KIND(name, cls, elementwise, on_ane, activation, in_place, reduces_w, row_stats) \
  OpKindInfo{#name, OpClass::cls, elementwise, on_ane, activation, in_place, reduces_w, row_stats},
#include "ir/ops/op_kinds.def"
};
constexpr const OpKindInfo& info(OpKind kind) { return k_op_kinds[static_cast<std::size_t>(kind)]; }
}  // namespace detail

[[nodiscard]] constexpr std::string_view op_kind_name(OpKind kind) { return detail::info(kind).name; }
[[nodiscard]] constexpr OpClass op_class(OpKind kind) { return detail::info(kind).cls; }
// Element-wise vector ops: one output element per input element position, no reduction.
[[nodiscard]] constexpr bool is_elementwise(OpKind kind) { return detail::info(kind).elementwise; }
// Whether the Neural Engine has the op at all (hollance/neural-engine lists gather as unsupported).
[[nodiscard]] constexpr bool ane_has_op(OpKind kind) { return detail::info(kind).on_ane; }
// Point-wise nonlinearities a MAC op can apply to its own result as it writes it.
[[nodiscard]] constexpr bool is_activation(OpKind kind) { return detail::info(kind).activation; }
// Ops whose output is their first input, updated in place.
[[nodiscard]] constexpr bool updates_in_place(OpKind kind) { return detail::info(kind).in_place; }
// Rule 3: linear and matmul reduce over the last axis (W) of their first operand, so the MAC
// array needs that operand transposed to channels-first and its result transposed back.
[[nodiscard]] constexpr bool reduces_over_last_axis(OpKind kind) { return detail::info(kind).reduces_w; }
// Statistics a fused reduction over the last axis keeps per row (softmax: max and sum; layer_norm:
// mean and inverse deviation); 0 for every other kind.
[[nodiscard]] constexpr int reduction_stats_count(OpKind kind) { return detail::info(kind).row_stats; }

}  // namespace anesim
