#pragma once
// `--unsupported cpu`: an ONNX operator anesim has no op kind for becomes one CPU op of kind
// `unsupported` (ir/ops/unsupported.hpp has its cost rule), named after its node and its ONNX
// type, with the output shape the file states.
#include "models/onnx/onnx_context.hpp"

namespace anesim {

// Adds the node as an `unsupported` op. Throws anesim::Error naming the node when the file states
// no shape for its output (value_info or a graph output), or when it has more than one output.
void map_unsupported(OnnxContext& ctx, const OnnxNode& node, const std::string& mapped_list);

}  // namespace anesim
