#include "ir/op_cost.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace anesim {

namespace {
double elements(const Graph& g, TensorId t) { return static_cast<double>(g.tensor(t).shape.elements()); }

double einsum_macs(const Graph& g, const Op& op) {
  const std::string_view eq = op.attrs.equation;
  const auto comma = eq.find(',');
  const auto arrow = eq.find("->");
  const std::string_view terms[2] = {eq.substr(0, comma), eq.substr(comma + 1, arrow - comma - 1)};
  // Each axis letter once, sized by the last operand naming it. A validated graph's terms name at
  // most Shape::k_max_rank axes each.
  std::array<char, 2 * Shape::k_max_rank> letters{};
  std::array<std::int64_t, 2 * Shape::k_max_rank> sizes{};
  std::size_t n = 0;
  for (int k = 0; k < 2; ++k) {
    const Shape& s = g.tensor(op.inputs[static_cast<std::size_t>(k)]).shape;
    for (std::size_t i = 0; i < terms[k].size() && i < s.rank(); ++i) {
      std::size_t j = 0;
      while (j < n && letters[j] != terms[k][i]) ++j;
      if (j == n) letters[n++] = terms[k][i];
      sizes[j] = s[i];
    }
  }
  // Multiplied in letter order, so the product rounds the same way whatever the equation's order.
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = i; j > 0 && letters[j] < letters[j - 1]; --j) {
      std::swap(letters[j], letters[j - 1]);
      std::swap(sizes[j], sizes[j - 1]);
    }
  }
  double macs = 1;
  for (std::size_t i = 0; i < n; ++i) macs *= static_cast<double>(sizes[i]);
  return macs;
}
}  // namespace

OpFlops op_flops(const Graph& g, const Op& op) {
  const double out = op.outputs.empty() ? 0 : elements(g, op.outputs[0]);
  switch (op.kind) {
    case OpKind::conv1x1: {
      const double cin = static_cast<double>(g.tensor(op.inputs[1]).shape[1]);
      return {2 * out * cin, op.inputs.size() > 2 ? out : 0};
    }
    case OpKind::linear: {
      const double cin = static_cast<double>(g.tensor(op.inputs[1]).shape[1]);
      return {2 * out * cin, op.inputs.size() > 2 ? out : 0};
    }
    case OpKind::matmul: {
      const double k = static_cast<double>(g.tensor(op.inputs[0]).shape.last());
      return {2 * out * k, 0};
    }
    case OpKind::einsum: return {2 * einsum_macs(g, op), 0};
    case OpKind::conv2d: {
      const Shape& w = g.tensor(op.inputs[1]).shape;
      return {2 * out * static_cast<double>(w[1] * w[2] * w[3]), op.inputs.size() > 2 ? out : 0};
    }
    case OpKind::add:
    case OpKind::sub:
    case OpKind::mul:
    case OpKind::equal:
    case OpKind::select:
    case OpKind::cast:
    case OpKind::relu:
    case OpKind::gelu:
    case OpKind::silu:
    case OpKind::tanh:
    case OpKind::rsqrt: return {0, out};
    case OpKind::reduce_mean: return {0, elements(g, op.inputs[0]) + out};
    case OpKind::softmax: return {0, 5 * out};
    case OpKind::layer_norm: {
      const Shape& x = g.tensor(op.inputs[0]).shape;
      const double width = static_cast<double>(x[x.normalize_axis(op.attrs.axis)]);
      return {0, 7 * out + 4 * (out / width)};
    }
    default: return {};
  }
}

bool layout_op_copies(const Graph& g, const Op& op) {
  const Shape& in = g.tensor(op.inputs[0]).shape;
  const Shape& out = g.tensor(op.outputs[0]).shape;
  switch (op.kind) {
    case OpKind::tile:
    case OpKind::slice_update: return true;
    case OpKind::transpose: return op.attrs.ints.empty() || in.normalize_axis(op.attrs.ints.back()) != in.rank() - 1;
    case OpKind::concat: return out.normalize_axis(op.attrs.axis) == out.rank() - 1;
    case OpKind::reshape:
    case OpKind::expand_dims:
    case OpKind::squeeze:
    case OpKind::split:
    case OpKind::slice: return in.last() != out.last();
    default: return false;
  }
}

Shape reduction_stats_shape(const Graph& g, const Op& op) {
  const Shape& x = g.tensor(op.inputs[0]).shape;
  std::array<std::int64_t, Shape::k_max_rank> d{};
  std::copy(x.dim_span().begin(), x.dim_span().end(), d.begin());
  d[x.normalize_axis(op.attrs.axis)] = 1;
  return Shape(std::span<const std::int64_t>(d.data(), x.rank()));
}

}  // namespace anesim
