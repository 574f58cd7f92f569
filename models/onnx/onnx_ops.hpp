#pragma once
// ONNX operators mapped onto anesim's op kinds (ir/ops/op_kinds.def), one function per operator
// family. A node whose operator is not listed, or whose attributes the kinds cannot express
// (a strided Slice, a broadcasting MatMul), is an error naming the op type and the node: never a
// silent zero.
#include <string>
#include <vector>

#include "models/onnx/onnx_context.hpp"

namespace anesim {

// Adds the ops `node` maps onto and records its outputs in `ctx`.
void map_node(OnnxContext& ctx, const OnnxNode& node);

// The ONNX operators map_node reads (for the docs and the error's hint), sorted.
[[nodiscard]] std::vector<std::string> mapped_onnx_ops();

}  // namespace anesim
