#pragma once
// Element-wise vector ops: inputs broadcast against each other (numpy's rule), one vector FLOP per
// output element (docs/sources.md §9.2).
#include <algorithm>
#include <string>

#include "ir/ops/rules.hpp"

namespace anesim {

namespace elementwise_rules {
inline Shape broadcast(const ShapeSite& at, ShapeInputs in) {
  std::size_t rank = 0;
  for (const auto* t : in) rank = std::max(rank, t->shape.rank());
  Dims out(rank, 1);
  for (const auto* t : in) {
    const Shape& d = t->shape;
    for (std::size_t i = 0; i < d.rank(); ++i) {
      auto& o = out[rank - d.rank() + i];
      if (o == 1) {
        o = d[i];
      } else if (d[i] != 1 && d[i] != o) {
        std::string shapes;
        for (const auto* u : in) shapes += (shapes.empty() ? "" : " and ") + u->shape.to_string();
        at.fail("cannot broadcast " + shapes);
      }
    }
  }
  return out.shape();
}
}  // namespace elementwise_rules

struct ElementwiseOp : ComputeOp {
  static OpFlops flops(const Graph& g, const Op& op) { return {0, output_elements(g, op)}; }
};

// Arithmetic and point-wise functions of one or two operands, in the first operand's dtype.
struct ArithmeticOp : ElementwiseOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 1, 2);
    return one(elementwise_rules::broadcast(at, in), in[0]->dtype);
  }
};

template <> struct OpRules<OpKind::add> : ArithmeticOp {};
template <> struct OpRules<OpKind::sub> : ArithmeticOp {};
template <> struct OpRules<OpKind::mul> : ArithmeticOp {};
template <> struct OpRules<OpKind::relu> : ArithmeticOp {};
template <> struct OpRules<OpKind::gelu> : ArithmeticOp {};
template <> struct OpRules<OpKind::silu> : ArithmeticOp {};
template <> struct OpRules<OpKind::tanh> : ArithmeticOp {};
template <> struct OpRules<OpKind::rsqrt> : ArithmeticOp {};
template <> struct OpRules<OpKind::div> : ArithmeticOp {};
template <> struct OpRules<OpKind::pow> : ArithmeticOp {};
template <> struct OpRules<OpKind::sqrt> : ArithmeticOp {};
template <> struct OpRules<OpKind::erf> : ArithmeticOp {};
template <> struct OpRules<OpKind::sigmoid> : ArithmeticOp {};
template <> struct OpRules<OpKind::hard_swish> : ArithmeticOp {};
// clip(x): min(max(x, lo), hi), ReLU6 in MobileNets; its bounds change no cost.
template <> struct OpRules<OpKind::clip> : ArithmeticOp {};

// batch_norm(x, scale, shift) over axis 1 (channels): the running mean and variance fold into the
// scale and shift at compile time, so each element is one multiply and one add.
template <>
struct OpRules<OpKind::batch_norm> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 3, 3);
    const Shape& x = in[0]->shape;
    if (x.rank() < 2 || in[1]->shape.elements() != x[1] || in[2]->shape.elements() != x[1]) {
      at.fail("scale and shift must hold one value per channel (axis 1) of x " + x.to_string());
    }
    return one(x, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) { return {0, 2 * output_elements(g, op)}; }
};

template <>
struct OpRules<OpKind::cast> : ElementwiseOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    return one(in[0]->shape, a.to);
  }
};

template <>
struct OpRules<OpKind::equal> : ElementwiseOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 1, 2);
    return one(elementwise_rules::broadcast(at, in), DType::boolean);
  }
};

// select(condition, a, b): a where the condition holds, else b.
template <>
struct OpRules<OpKind::select> : ElementwiseOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 3, 3);
    if (in[0]->dtype != DType::boolean) at.fail("condition must be bool");
    return one(elementwise_rules::broadcast(at, in), in[1]->dtype);
  }
};

}  // namespace anesim
