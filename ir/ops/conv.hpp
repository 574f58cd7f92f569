#pragma once
// Convolutions with any kernel, stride, padding, dilation and groups (depthwise: groups = Cin),
// and transposed convolutions. FLOPs are 2 x the multiply-accumulates (docs/sources.md §9.2);
// how well they fill the MAC array is the lowering's (conv_reduction_depth, ir/op_cost.hpp).
#include <string>

#include "ir/ops/mac.hpp"
#include "ir/ops/window.hpp"

namespace anesim {

// conv2d(x (B,Cin,H,W), w (Cout, Cin/groups, kh, kw), bias?).
template <>
struct OpRules<OpKind::conv2d> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 2, 3);
    const Shape& x = in[0]->shape;
    const Shape& w = in[1]->shape;
    if (x.rank() != 4 || w.rank() != 4) at.fail("expects x (B,Cin,H,W), w (Cout,Cin/groups,kh,kw) and {kh,kw,sh,sw,ph,pw}");
    const Window win = window_rules::conv_window(at, a);
    if (x[1] != w[1] * win.groups || w[0] % win.groups != 0 || w[2] != win.kh || w[3] != win.kw) {
      at.fail("weight " + w.to_string() + " does not fit x " + x.to_string() + " in " + std::to_string(win.groups) + " group(s)");
    }
    mac_rules::check_bias(at, in, w[0]);
    return one(window_rules::windowed(at, x, win, w[0]), in[0]->dtype);
  }
  // Each output element reduces over its group's Cin/groups channels x kh x kw taps: w[1] x w[2] x w[3].
  static OpFlops flops(const Graph& g, const Op& op) {
    const Shape& w = g.tensor(op.inputs[1]).shape;
    return mac_rules::with_bias(op, output_elements(g, op), static_cast<double>(w[1] * w[2] * w[3]));
  }
};

// conv_transpose(x (B,Cin,H,W), w (Cin, Cout/groups, kh, kw), bias?): each input element scatters
// into Cout/groups x kh x kw outputs; H' = (H - 1) x sh - pt - pb + dh x (kh - 1) + output_padding + 1.
template <>
struct OpRules<OpKind::conv_transpose> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 2, 3);
    const Shape& x = in[0]->shape;
    const Shape& w = in[1]->shape;
    if (x.rank() != 4 || w.rank() != 4) at.fail("expects x (B,Cin,H,W) and w (Cin,Cout/groups,kh,kw)");
    const Window win = window_rules::conv_window(at, a, 2);
    if (x[1] != w[0] || w[0] % win.groups != 0 || w[2] != win.kh || w[3] != win.kw) {
      at.fail("weight " + w.to_string() + " does not fit x " + x.to_string() + " in " + std::to_string(win.groups) + " group(s)");
    }
    const std::int64_t cout = w[1] * win.groups;
    mac_rules::check_bias(at, in, cout);
    const std::int64_t h = (x[2] - 1) * win.sh - win.pt - win.pb + win.dh * (win.kh - 1) + a.ints[11] + 1;
    const std::int64_t wd = (x[3] - 1) * win.sw - win.pl - win.pr + win.dw * (win.kw - 1) + a.ints[12] + 1;
    if (h < 1 || wd < 1 || win.sh < 1 || win.sw < 1) at.fail("the padding leaves no output");
    return one(Shape{x[0], cout, h, wd}, in[0]->dtype);
  }
  static OpFlops flops(const Graph& g, const Op& op) {
    const Shape& w = g.tensor(op.inputs[1]).shape;
    const double macs = tensor_elements(g, op.inputs[0]) * static_cast<double>(w[1] * w[2] * w[3]);
    return {2 * macs, op.inputs.size() > 2 ? output_elements(g, op) : 0};
  }
};

}  // namespace anesim
