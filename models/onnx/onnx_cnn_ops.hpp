#pragma once
// The convolutional operators of an ONNX graph (what torch.onnx.export writes for torchvision's
// CNNs and ViTs): Conv, ConvTranspose, BatchNormalization, the pools, Resize and Clip, mapped
// onto ir/ops/conv.hpp's, pooling.hpp's and elementwise.hpp's kinds. A Conv whose one reader is a
// BatchNormalization takes it in, as Core ML's converter does (coremltools' fuse_conv_batchnorm).
#include "models/onnx/onnx_context.hpp"

namespace anesim {

void map_conv(OnnxContext& ctx, const OnnxNode& node);
void map_conv_transpose(OnnxContext& ctx, const OnnxNode& node);
void map_batch_norm(OnnxContext& ctx, const OnnxNode& node);
void map_pool(OnnxContext& ctx, const OnnxNode& node);  // MaxPool, AveragePool
void map_global_average_pool(OnnxContext& ctx, const OnnxNode& node);
void map_resize(OnnxContext& ctx, const OnnxNode& node);
void map_clip(OnnxContext& ctx, const OnnxNode& node);

}  // namespace anesim
