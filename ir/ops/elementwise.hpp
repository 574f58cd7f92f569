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
