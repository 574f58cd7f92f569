#pragma once
// Windowed and whole-plane reductions over H and W of (B,C,H,W), and resampling: vector-path ops
// (the ANE's planar engine pools; it has no MAC work). FLOPs per docs/sources.md §9.2's
// convention of one vector FLOP per element touched: max_pool one compare per window tap,
// avg_pool one add per tap and a divide per output, global_avg_pool input + output elements (as
// reduce_mean), resize one multiply-add per input tap of each output element.
#include "ir/ops/window.hpp"

namespace anesim {

struct WindowPool : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    const Window w = window_rules::pool_window(at, a);
    return one(window_rules::windowed(at, in[0]->shape, w, in[0]->shape.rank() == 4 ? in[0]->shape[1] : 0), in[0]->dtype);
  }
  static double taps(const Op& op) { return static_cast<double>(op.attrs.ints[0] * op.attrs.ints[1]); }
};

template <>
struct OpRules<OpKind::max_pool> : WindowPool {
  static OpFlops flops(const Graph& g, const Op& op) { return {0, output_elements(g, op) * taps(op)}; }
};

template <>
struct OpRules<OpKind::avg_pool> : WindowPool {
  static OpFlops flops(const Graph& g, const Op& op) { return {0, output_elements(g, op) * (taps(op) + 1)}; }
};

template <>
struct OpRules<OpKind::global_avg_pool> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 1, 1);
    const Shape& x = in[0]->shape;
    if (x.rank() != 4) at.fail("expects x (B,C,H,W), got " + x.to_string());
    return one(Shape{x[0], x[1], 1, 1}, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) {
    return {0, tensor_elements(g, op.inputs[0]) + output_elements(g, op)};
  }
};

// resize(x) to attrs.ints, a shape of x's rank; attrs.parts input taps per output element.
template <>
struct OpRules<OpKind::resize> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    if (a.ints.size() != in[0]->shape.rank() || a.parts < 1) at.fail("expects an output shape of x's rank and taps >= 1");
    for (std::int64_t d : a.ints) {
      if (d < 1) at.fail("output sizes must be >= 1");
    }
    return one(Shape(a.ints), in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) {
    return {0, output_elements(g, op) * static_cast<double>(op.attrs.parts)};
  }
};

}  // namespace anesim
