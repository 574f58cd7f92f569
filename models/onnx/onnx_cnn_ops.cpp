#include "models/onnx/onnx_cnn_ops.hpp"

#include <algorithm>
#include <cmath>

namespace anesim {

namespace {

bool has_input(const OnnxNode& node, std::size_t k) { return k < node.inputs.size() && !node.inputs[k].empty(); }

// A 2-D window's kernel, strides, dilations and pads ({top, left, bottom, right}), with auto_pad's
// SAME_UPPER / SAME_LOWER padding worked out as ONNX defines it (the output is ceil(in / stride)).
struct Window2d {
  std::int64_t kh, kw, sh, sw, dh, dw;
  std::vector<std::int64_t> pads;
};

Window2d window_of(const OnnxContext& ctx, const OnnxNode& node, const Shape& x, std::int64_t kh, std::int64_t kw) {
  if (x.rank() != 4) {
    ctx.fail(node, "reads a rank-" + std::to_string(x.rank()) + " input " + x.to_string(), "anesim maps 2-D windows over (B,C,H,W)");
  }
  const std::vector<std::int64_t> k = node.ints_or("kernel_shape", {kh, kw});
  const std::vector<std::int64_t> s = node.ints_or("strides", {1, 1});
  const std::vector<std::int64_t> d = node.ints_or("dilations", {1, 1});
  std::vector<std::int64_t> pads = node.ints_or("pads", {0, 0, 0, 0});
  if (k.size() != 2 || s.size() != 2 || d.size() != 2 || pads.size() != 4) {
    ctx.fail(node, "has a kernel, stride, dilation or padding that is not 2-D", "anesim maps 2-D convolutions and pools");
  }
  const std::string auto_pad = node.string_or("auto_pad", "NOTSET");
  if (auto_pad == "VALID") pads = {0, 0, 0, 0};
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (std::size_t a = 0; a < 2; ++a) {
      const std::int64_t in = x[2 + a], out = (in + s[a] - 1) / s[a];
      const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * s[a] + d[a] * (k[a] - 1) + 1 - in);
      const std::int64_t low = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pads[a] = low;
      pads[a + 2] = total - low;
    }
  } else if (auto_pad != "NOTSET" && auto_pad != "VALID") {
    ctx.fail(node, "has auto_pad '" + auto_pad + "'", "use NOTSET, VALID, SAME_UPPER or SAME_LOWER");
  }
  return {k[0], k[1], s[0], s[1], d[0], d[1], pads};
}

const OnnxTensor& kernel_weight(const OnnxContext& ctx, const OnnxNode& node) {
  const OnnxTensor* w = ctx.weight(ctx.input(node, 1));
  if (!w) ctx.fail(node, "has a kernel computed at run time", "export the weights as initializers");
  if (w->dims.size() != 4) {
    const auto rank = static_cast<std::int64_t>(w->dims.size());
    ctx.fail(node, rank >= 3 ? "is a " + std::to_string(rank - 2) + "-D convolution" : "has a rank-" + std::to_string(rank) + " kernel",
             "anesim maps 2-D convolutions over (B,C,H,W) (a 1-D one can be exported as 2-D with H = 1)");
  }
  return *w;
}

// The BatchNormalization that alone reads `value` (Conv -> BN, as torchvision writes every block),
// when its scale and shift are weights: Core ML folds it into the convolution.
const OnnxNode* fusable_batch_norm(const OnnxContext& ctx, const std::string& value) {
  const OnnxNode* reader = nullptr;
  for (const OnnxNode& n : ctx.model().nodes) {
    if (std::find(n.inputs.begin(), n.inputs.end(), value) == n.inputs.end()) continue;
    if (reader) return nullptr;
    reader = &n;
  }
  if (std::find(ctx.model().outputs.begin(), ctx.model().outputs.end(), value) != ctx.model().outputs.end()) return nullptr;
  if (!reader || reader->op_type != "BatchNormalization" || reader->inputs.size() != 5 || reader->inputs[0] != value) return nullptr;
  if (reader->outputs.size() != 1 || reader->int_or("training_mode", 0) != 0) return nullptr;
  if (!ctx.has(reader->inputs[1]) || !ctx.has(reader->inputs[2]) || !ctx.weight(reader->inputs[1]) || !ctx.weight(reader->inputs[2])) return nullptr;
  return reader;
}

std::int64_t elements(const OnnxTensor& t) {
  std::int64_t n = 1;
  for (std::int64_t d : t.dims) n *= d;
  return n;
}

}  // namespace

// Conv(X, W (Cout, Cin/group, kh, kw), B?). A BatchNormalization reading it alone is folded in
// (coremltools' fuse_conv_batchnorm): its scale multiplies W, its shift becomes (or adds to) the
// bias. The folded BN's scale and shift still count as parameters, as PyTorch counts them; its
// running mean and variance are buffers, never parameters.
void map_conv(OnnxContext& ctx, const OnnxNode& node) {
  ctx.check_single_output(node);
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const OnnxTensor& w = kernel_weight(ctx, node);
  const Window2d win = window_of(ctx, node, ctx.builder().shape(x), w.dims[2], w.dims[3]);
  OpInputs inputs{x, ctx.tensor(node, node.inputs[1])};
  if (has_input(node, 2)) inputs.push_back(ctx.tensor(node, node.inputs[2]));
  const OnnxNode* bn = fusable_batch_norm(ctx, node.outputs.at(0));
  if (bn) {
    const std::int64_t scale = elements(*ctx.weight(bn->inputs[1])), shift = elements(*ctx.weight(bn->inputs[2]));
    if (inputs.size() == 3) {
      ctx.builder().folded_parameters(scale + shift);
    } else {
      inputs.push_back(ctx.tensor(*bn, bn->inputs[2]));
      ctx.builder().folded_parameters(scale);
    }
  }
  const TensorId y = ctx.builder().op(node.name, OpKind::conv2d, inputs,
                                      ints_attrs({win.kh, win.kw, win.sh, win.sw, win.pads[0], win.pads[1], win.pads[2], win.pads[3],
                                                  win.dh, win.dw, node.int_or("group", 1)}));
  ctx.set_tensor(node.outputs[0], y);
  if (bn) ctx.set_tensor(bn->outputs[0], y);
}

// ConvTranspose(X, W (Cin, Cout/group, kh, kw), B?) with output_padding; an explicit output_shape
// is refused (its padding is the exporter's to work out, and torch writes pads).
void map_conv_transpose(OnnxContext& ctx, const OnnxNode& node) {
  ctx.check_single_output(node);
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const OnnxTensor& w = kernel_weight(ctx, node);
  if (node.attribute("output_shape")) ctx.fail(node, "gives output_shape", "export with pads and output_padding (torch.onnx.export does)");
  const std::string auto_pad = node.string_or("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") ctx.fail(node, "has auto_pad '" + auto_pad + "'", "export with explicit pads");
  const Window2d win = window_of(ctx, node, ctx.builder().shape(x), w.dims[2], w.dims[3]);
  const std::vector<std::int64_t> op = node.ints_or("output_padding", {0, 0});
  if (op.size() != 2) ctx.fail(node, "has an output_padding that is not 2-D", "anesim maps 2-D transposed convolutions");
  OpInputs inputs{x, ctx.tensor(node, node.inputs[1])};
  if (has_input(node, 2)) inputs.push_back(ctx.tensor(node, node.inputs[2]));
  ctx.set_tensor(node.outputs[0], ctx.builder().op(node.name, OpKind::conv_transpose, inputs,
                                                   ints_attrs({win.kh, win.kw, win.sh, win.sw, win.pads[0], win.pads[1], win.pads[2],
                                                               win.pads[3], win.dh, win.dw, node.int_or("group", 1), op[0], op[1]})));
}

// BatchNormalization(X, scale, B, mean, var) not folded into a Conv: a per-channel scale and
// shift (its statistics fold into them); scale and B are parameters, mean and var buffers.
void map_batch_norm(OnnxContext& ctx, const OnnxNode& node) {
  if (ctx.has(node.outputs.at(0))) return;  // folded into the Conv before it
  ctx.check_single_output(node);
  if (node.int_or("training_mode", 0) != 0) ctx.fail(node, "runs in training mode", "export in eval mode");
  const OpInputs inputs{ctx.tensor(node, ctx.input(node, 0)), ctx.tensor(node, ctx.input(node, 1)), ctx.tensor(node, ctx.input(node, 2))};
  ctx.set_tensor(node.outputs[0], ctx.builder().op(node.name, OpKind::batch_norm, inputs));
}

void map_pool(OnnxContext& ctx, const OnnxNode& node) {
  ctx.check_single_output(node);
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  if (!node.attribute("kernel_shape")) ctx.fail(node, "has no kernel_shape", "give the pool's kernel_shape");
  const Window2d win = window_of(ctx, node, ctx.builder().shape(x), 1, 1);
  if (win.dh != 1 || win.dw != 1) ctx.fail(node, "has a dilated window", "anesim maps pools of dilation 1");
  const OpKind kind = node.op_type == "MaxPool" ? OpKind::max_pool : OpKind::avg_pool;
  ctx.set_tensor(node.outputs[0], ctx.builder().op(node.name, kind, {x},
                                                   ints_attrs({win.kh, win.kw, win.sh, win.sw, win.pads[0], win.pads[1], win.pads[2],
                                                               win.pads[3], node.int_or("ceil_mode", 0)})));
}

void map_global_average_pool(OnnxContext& ctx, const OnnxNode& node) {
  ctx.set_tensor(node.outputs.at(0), ctx.builder().op(node.name, OpKind::global_avg_pool, {ctx.tensor(node, ctx.input(node, 0))}));
}

// Resize(X, roi, scales, sizes) (opset 11 on; opset 10: X, scales) to known sizes or scales:
// nearest reads 1 input per output, linear 2 and cubic 4 along each axis that changes.
void map_resize(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const Shape& s = ctx.builder().shape(x);
  const std::size_t scales_at = ctx.model().opset >= 11 ? 2 : 1;
  OpAttrs a;
  if (has_input(node, 3)) {
    const OnnxTensor* sizes = ctx.known(node.inputs[3]);
    if (!sizes || sizes->ints.size() != s.rank()) ctx.fail(node, "takes its sizes from a tensor computed at run time", "resize to constant sizes");
    a.ints = sizes->ints;
  } else {
    const OnnxTensor* scales = has_input(node, scales_at) ? ctx.known(node.inputs[scales_at]) : nullptr;
    if (!scales || scales->floats.size() != s.rank()) ctx.fail(node, "has no constant scales or sizes", "resize by constant scales (a Constant node)");
    for (std::size_t i = 0; i < s.rank(); ++i) a.ints.push_back(static_cast<std::int64_t>(std::floor(static_cast<double>(s[i]) * scales->floats[i])));
  }
  const std::string mode = node.string_or("mode", "nearest");
  const std::int64_t per_axis = mode == "nearest" ? 1 : mode == "linear" ? 2 : mode == "cubic" ? 4 : 0;
  if (per_axis == 0) ctx.fail(node, "has mode '" + mode + "'", "use nearest, linear or cubic");
  a.parts = 1;
  for (std::size_t i = 0; i < s.rank(); ++i) {
    if (a.ints[i] != s[i]) a.parts *= per_axis;
  }
  ctx.set_tensor(node.outputs.at(0), ctx.builder().op(node.name, OpKind::resize, {x}, a));
}

// Clip(X, min?, max?): ReLU6 in MobileNets; the bounds (Constants) change no cost.
void map_clip(OnnxContext& ctx, const OnnxNode& node) {
  ctx.set_tensor(node.outputs.at(0), ctx.builder().op(node.name, OpKind::clip, {ctx.tensor(node, ctx.input(node, 0))}));
}

}  // namespace anesim
