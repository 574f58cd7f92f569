#pragma once
// Table lookups: gather(table, indices) reads one table row per index. The ANE has no gather, so
// it runs on the CPU (sim/lower/placement), where its cost is the rows it moves, not arithmetic.
#include "ir/ops/rules.hpp"

namespace anesim {

template <>
struct OpRules<OpKind::gather> : ComputeOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs&) {
    at.need_inputs(in, 2, 2);
    const Shape& table = in[0]->shape;
    if (table.rank() != 2) at.fail("table must be (rows, width), got " + table.to_string());
    Dims d(in[1]->shape);
    d.push_back(table[1]);
    // A quantized table's rows come out dequantized, as fp16.
    const bool quantized = in[0]->dtype == DType::int4 || in[0]->dtype == DType::int8;
    return one(d.shape(), quantized ? DType::fp16 : in[0]->dtype);
  }
  static constexpr OpFlops flops(const Graph&, const Op&) { return {}; }
};

}  // namespace anesim
