#pragma once
// Output shapes and dtypes each op kind produces from its inputs (each kind's rule is in its
// class's file in ir/ops/). The graph checks declared outputs against these rules, so a builder
// cannot wire a shape that does not match.
#include <cstddef>
#include <span>
#include <string>

#include "ir/graph.hpp"

namespace anesim {

// An op's outputs: `count` tensors of one shape and dtype. Every kind but split has one output,
// and a split's parts are equal.
struct InferredOutputs {
  Shape shape;
  DType dtype = DType::fp16;
  std::size_t count = 1;
};

// Throws anesim::Error (naming the op) when the inputs do not fit the op. Allocates nothing
// unless it throws, since builders call it for every op.
[[nodiscard]] InferredOutputs infer_outputs(std::string_view op_name, OpKind kind, std::span<const Tensor* const> inputs,
                                            const OpAttrs& attrs);

}  // namespace anesim
