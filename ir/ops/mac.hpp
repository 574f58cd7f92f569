#pragma once
// MAC-array ops: their shape rules and FLOPs (2 x multiply-accumulates; a bias add is one vector
// FLOP per output element, docs/sources.md §9.2). The k x k convolutions are in conv.hpp.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "ir/ops/einsum.hpp"
#include "ir/ops/rules.hpp"

namespace anesim {

namespace mac_rules {
// A bias, when given, is the third input and must hold one value per output channel.
inline void check_bias(const ShapeSite& at, ShapeInputs in, std::int64_t cout) {
  if (in.size() == 3 && in[2]->shape.elements() != cout) at.fail("bias size does not match Cout");
}
// out x reduction MACs, plus the bias add on the vector path.
inline OpFlops with_bias(const Op& op, double out, double reduced) { return {2 * out * reduced, op.inputs.size() > 2 ? out : 0}; }
// A weight (Cout, Cin, ...): each output element reduces over the Cin input channels.
inline OpFlops over_weight_channels(const Graph& g, const Op& op) {
  return with_bias(op, output_elements(g, op), static_cast<double>(g.tensor(op.inputs[1]).shape[1]));
}
}  // namespace mac_rules

template <>
struct OpRules<OpKind::conv1x1> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 2, 3);
    const Shape& x = in[0]->shape;
    const Shape& w = in[1]->shape;
    // A weight shared with an embedding table arrives as (Cout, Cin): the same bytes.
    const bool kernel = (w.rank() == 4 && w[2] == 1 && w[3] == 1) || w.rank() == 2;
    if (x.rank() != 4 || !kernel) {
      at.fail("expects x (B,Cin,H,W) and w (Cout,Cin,1,1), got " + x.to_string() + " and " + w.to_string());
    }
    if (x[1] != w[1]) at.fail("x has " + std::to_string(x[1]) + " channels, w expects " + std::to_string(w[1]));
    mac_rules::check_bias(at, in, w[0]);
    return one(Shape{x[0], w[0], x[2], x[3]}, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) { return mac_rules::over_weight_channels(g, op); }
};

template <>
struct OpRules<OpKind::linear> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 2, 3);
    const Shape& x = in[0]->shape;
    const Shape& w = in[1]->shape;
    if (w.rank() != 2) at.fail("weight must be (Cout, Cin), got " + w.to_string());
    if (x.last() != w[1]) at.fail("x " + x.to_string() + " does not end in Cin = " + std::to_string(w[1]));
    mac_rules::check_bias(at, in, w[0]);
    Dims d(x);
    d.back() = w[0];
    return one(d.shape(), in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) { return mac_rules::over_weight_channels(g, op); }
};

template <>
struct OpRules<OpKind::matmul> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 2, 2);
    const Shape& x = in[0]->shape;
    const Shape& y = in[1]->shape;
    if (x.rank() < 2 || x.rank() != y.rank()) at.fail("operands " + x.to_string() + " and " + y.to_string() + " differ in rank");
    for (std::size_t i = 0; i + 2 < x.rank(); ++i) {
      if (x[i] != y[i]) at.fail("batch axes differ: " + x.to_string() + " vs " + y.to_string());
    }
    if (x.last() != y[y.rank() - 2]) at.fail("inner sizes differ: " + x.to_string() + " x " + y.to_string());
    Dims d(x);
    d.back() = y.last();
    return one(d.shape(), in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) {
    return {2 * output_elements(g, op) * static_cast<double>(g.tensor(op.inputs[0]).shape.last()), 0};
  }
};

template <>
struct OpRules<OpKind::einsum> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 2, 2);
    return einsum_outputs(at, in, a.equation);
  }
  static OpFlops flops(const Graph& g, const Op& op) { return {2 * einsum_macs(g, op), 0}; }
};

}  // namespace anesim
