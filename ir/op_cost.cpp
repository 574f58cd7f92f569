#include "ir/op_cost.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/error.hpp"
#include "ir/ops/all_rules.hpp"

namespace anesim {

namespace {
// Only an OpKind outside the enum's values reaches it.
[[noreturn]] void unknown_kind(const Op& op) {
  throw Error("op '" + std::string(std::string_view(op.name)) + "' has an unknown op kind",
              "build ops with a kind from ir/ops/op_kinds.def");
}
}  // namespace

OpFlops op_flops(const Graph& g, const Op& op) {
  switch (op.kind) {
#define ANESIM_OP_KIND(name, ...) \
  case OpKind::name: return OpRules<OpKind::name>::flops(g, op);
#include "ir/ops/op_kinds.def"
  }
  unknown_kind(op);
}

bool layout_op_copies(const Graph& g, const Op& op) {
  switch (op.kind) {
#define ANESIM_OP_KIND(name, ...) \
  case OpKind::name: return OpRules<OpKind::name>::copies(g, op);
#include "ir/ops/op_kinds.def"
  }
  unknown_kind(op);
}

double conv_reduction_depth(const Graph& g, const Op& op) {
  if (op.kind != OpKind::conv2d && op.kind != OpKind::conv_transpose) return 0;
  const double out = op.outputs.empty() ? 0 : static_cast<double>(g.tensor(op.outputs[0]).shape.elements());
  return out > 0 ? op_flops(g, op).mac / (2 * out) : 0;
}

Shape reduction_stats_shape(const Graph& g, const Op& op) {
  const Shape& x = g.tensor(op.inputs[0]).shape;
  std::array<std::int64_t, Shape::k_max_rank> d{};
  std::copy(x.dim_span().begin(), x.dim_span().end(), d.begin());
  d[x.normalize_axis(op.attrs.axis)] = 1;
  return Shape(std::span<const std::int64_t>(d.data(), x.rank()));
}

}  // namespace anesim
