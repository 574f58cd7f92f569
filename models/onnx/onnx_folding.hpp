#pragma once
// Shape arithmetic folded at import time. With batch and seq bound every shape is static, so
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains, Constant nodes and ConstantOfShape
// are computed here, as Core ML's const_elimination would, and never reach the cost model.
#include "models/onnx/onnx_context.hpp"

namespace anesim {

// Computes `node`'s outputs when its inputs are all known (or it reads only a shape); returns
// false, changing nothing, when the node must be mapped onto an op.
bool fold_node(OnnxContext& ctx, const OnnxNode& node);

}  // namespace anesim
