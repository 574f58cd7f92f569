#pragma once
// ONNX's data-movement operators (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat, Slice,
// Split, Gather, Cast, Expand, Tile, Identity) on tensors computed at run time, mapped onto anesim's layout ops (rule 2
// decides which of them copy). On known tensors they were folded first (onnx_folding.hpp).
#include "models/onnx/onnx_context.hpp"

namespace anesim {

void map_reshape(OnnxContext& ctx, const OnnxNode& node);
void map_transpose(OnnxContext& ctx, const OnnxNode& node);
void map_squeeze(OnnxContext& ctx, const OnnxNode& node);
void map_unsqueeze(OnnxContext& ctx, const OnnxNode& node);
void map_concat(OnnxContext& ctx, const OnnxNode& node);
void map_slice(OnnxContext& ctx, const OnnxNode& node);
void map_gather(OnnxContext& ctx, const OnnxNode& node);
void map_cast(OnnxContext& ctx, const OnnxNode& node);
void map_expand(OnnxContext& ctx, const OnnxNode& node);
void map_identity(OnnxContext& ctx, const OnnxNode& node);
void map_flatten(OnnxContext& ctx, const OnnxNode& node);
void map_tile(OnnxContext& ctx, const OnnxNode& node);
void map_split(OnnxContext& ctx, const OnnxNode& node);

}  // namespace anesim
