#pragma once
// Vector ops that reduce along one axis (attrs.axis). FLOPs per docs/sources.md §9.2: softmax 5
// per element; layer_norm 7 per element + 4 per normalised row; reduce_mean input + output elements
// (the adds and one divide per result); reduce_sum input elements. Pooling is in pooling.hpp.
#include "ir/ops/rules.hpp"

namespace anesim {

template <>
struct OpRules<OpKind::softmax> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    (void)in[0]->shape.normalize_axis(a.axis);
    return one(in[0]->shape, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) { return {0, 5 * output_elements(g, op)}; }
};

// layer_norm(x, scale?, bias?) over attrs.axis.
template <>
struct OpRules<OpKind::layer_norm> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 3);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    for (std::size_t k = 1; k < in.size(); ++k) {
      if (in[k]->shape.elements() != in[0]->shape[axis]) at.fail("scale/bias size does not match the normalised axis");
    }
    return one(in[0]->shape, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) {
    const double out = output_elements(g, op);
    const Shape& x = g.tensor(op.inputs[0]).shape;
    const double width = static_cast<double>(x[x.normalize_axis(op.attrs.axis)]);
    return {0, 7 * out + 4 * (out / width)};
  }
};

// attrs.keep_dims keeps the reduced axis with size 1.
struct AxisReduction : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    if (a.keep_dims) {
      d[axis] = 1;
    } else {
      d.erase(axis);
    }
    return one(d.shape(), in[0]->dtype);
  }
};

template <>
struct OpRules<OpKind::reduce_mean> : AxisReduction {
  static OpFlops flops(const Graph& g, const Op& op) {
    return {0, tensor_elements(g, op.inputs[0]) + output_elements(g, op)};
  }
};

template <>
struct OpRules<OpKind::reduce_sum> : AxisReduction {
  static OpFlops flops(const Graph& g, const Op& op) { return {0, tensor_elements(g, op.inputs[0])}; }
};

}  // namespace anesim
