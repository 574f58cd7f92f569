#pragma once
// An imported ONNX operator anesim cannot cost (`--unsupported cpu`): one CPU op whose output
// shape and type the file states (attrs.ints, attrs.to). Its cost rule is an estimate, since
// anesim does not know what the operator computes: no FLOPs, so the CPU's time for it is the
// bytes it reads and writes at the chip's CPU bandwidth plus the CPU op overhead (sim/timing),
// the floor of any CPU kernel that touches its tensors once. That is the cost of the operators
// such files carry in practice, element-wise activations (HardSigmoid, Mish) and small
// rearrangements (the mask select, tile and casts the chip files' cpu.bandwidth_Bps is
// calibrated on are of that kind); an operator that computes much per element costs more.
#include "ir/ops/rules.hpp"

namespace anesim {

template <>
struct OpRules<OpKind::unsupported> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs, const OpAttrs& a) {
    if (a.ints.empty()) at.fail("needs the output shape its file gives");
    for (std::int64_t d : a.ints) {
      if (d < 1) at.fail("output sizes must be >= 1");
    }
    return one(Shape(a.ints), a.to);
  }
  static constexpr OpFlops flops(const Graph&, const Op&) { return {}; }
};

}  // namespace anesim
