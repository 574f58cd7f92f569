#include "models/onnx/onnx_ops.hpp"

#include <algorithm>
#include <map>

#include "models/onnx/onnx_cnn_ops.hpp"
#include "models/onnx/onnx_shape_ops.hpp"
#include "models/onnx/onnx_unsupported.hpp"

namespace anesim {

namespace {

using Mapper = void (*)(OnnxContext&, const OnnxNode&);

OpKind kind_of(const std::string& op) {
  static const std::map<std::string, OpKind> kinds{
      {"Add", OpKind::add},   {"Sub", OpKind::sub},   {"Mul", OpKind::mul},     {"Div", OpKind::div},
      {"Pow", OpKind::pow},   {"Sqrt", OpKind::sqrt}, {"Erf", OpKind::erf},     {"Tanh", OpKind::tanh},
      {"Relu", OpKind::relu}, {"Equal", OpKind::equal}, {"Sigmoid", OpKind::sigmoid}, {"HardSwish", OpKind::hard_swish}};
  return kinds.at(op);
}

// Element-wise: a known scalar operand becomes the op's scalar (as the builder's scale is), any
// other operand a tensor.
void elementwise(OnnxContext& ctx, const OnnxNode& node) {
  OpAttrs a;
  OpInputs inputs;
  const bool binary = node.inputs.size() == 2;
  for (std::size_t k = 0; k < node.inputs.size(); ++k) {
    const std::string& name = ctx.input(node, k);
    const OnnxTensor* known = ctx.known(name);
    if (binary && !a.has_scalar && known && known->floats.size() + known->ints.size() == 1) {
      a.has_scalar = true;
      a.scalar = known->floats.empty() ? static_cast<double>(known->ints[0]) : known->floats[0];
      continue;
    }
    inputs.push_back(ctx.tensor(node, name));
  }
  ctx.set_output(node, ctx.builder().op(node.name, kind_of(node.op_type), inputs, a));
}

// Not(x) is x == false: one element-wise op with a bool result, which is equal's kind and cost.
void logical_not(OnnxContext& ctx, const OnnxNode& node) {
  OpAttrs a;
  a.has_scalar = true;
  a.scalar = 0;
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::equal, {ctx.tensor(node, ctx.input(node, 0))}, a));
}

// MatMul: a 2-D initializer B (K,N) is a Linear's weight, read as (N,K) (the same bytes); two
// activations are a batched matmul of equal rank.
void matmul(OnnxContext& ctx, const OnnxNode& node) {
  const std::string& a = ctx.input(node, 0);
  const std::string& b = ctx.input(node, 1);
  if (const OnnxTensor* w = ctx.weight(b); w && w->dims.size() == 2) {
    const Shape as{w->dims[1], w->dims[0]};
    ctx.set_output(node, ctx.builder().op(node.name, OpKind::linear, {ctx.tensor(node, a), ctx.tensor(node, b, &as)}));
    return;
  }
  if (ctx.shape(node, a).rank() != ctx.shape(node, b).rank()) {
    ctx.fail(node, "multiplies " + ctx.shape(node, a).to_string() + " by " + ctx.shape(node, b).to_string(),
             "anesim maps a MatMul of two tensors of one rank, or by a 2-D initializer");
  }
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::matmul, {ctx.tensor(node, a), ctx.tensor(node, b)}));
}

// Gemm(A, B, C): a Linear; transB = 1 stores B as (N,K), as the Linear's weight is.
void gemm(OnnxContext& ctx, const OnnxNode& node) {
  const OnnxTensor* w = ctx.weight(ctx.input(node, 1));
  if (!w || w->dims.size() != 2 || node.int_or("transA", 0) != 0) {
    ctx.fail(node, "is not A x B with B a 2-D initializer", "anesim maps a Gemm whose B is a weight, transA = 0");
  }
  const Shape as = node.int_or("transB", 0) != 0 ? Shape{w->dims[0], w->dims[1]} : Shape{w->dims[1], w->dims[0]};
  OpInputs inputs{ctx.tensor(node, node.inputs[0]), ctx.tensor(node, node.inputs[1], &as)};
  if (node.inputs.size() > 2 && !node.inputs[2].empty()) inputs.push_back(ctx.tensor(node, node.inputs[2]));
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::linear, inputs));
}

std::int64_t last_axis_or_fail(const OnnxContext& ctx, const OnnxNode& node, std::int64_t axis, const char* what) {
  const auto rank = static_cast<std::int64_t>(ctx.shape(node, ctx.input(node, 0)).rank());
  if ((axis < 0 ? axis + rank : axis) != rank - 1) {
    ctx.fail(node, std::string(what) + " over axis " + std::to_string(axis) + " of a rank-" + std::to_string(rank) + " tensor",
             "anesim maps it over the last axis, as torch.onnx.export writes it");
  }
  return -1;
}

void softmax(OnnxContext& ctx, const OnnxNode& node) {
  OpAttrs a;
  a.axis = node.int_or("axis", ctx.model().opset >= 13 ? -1 : 1);
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::softmax, {ctx.tensor(node, ctx.input(node, 0))}, a));
}

void layer_norm(OnnxContext& ctx, const OnnxNode& node) {
  OpAttrs a;
  a.axis = last_axis_or_fail(ctx, node, node.int_or("axis", -1), "normalises");
  OpInputs inputs{ctx.tensor(node, ctx.input(node, 0))};
  for (std::size_t k = 1; k < node.inputs.size(); ++k) {
    if (!node.inputs[k].empty()) inputs.push_back(ctx.tensor(node, node.inputs[k]));
  }
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::layer_norm, inputs, a));
}

// ReduceMean (the decomposed LayerNorm's) or ReduceSum over one axis, axes an attribute or
// (ReduceSum from opset 13, ReduceMean from 18) an input.
void reduce(OnnxContext& ctx, const OnnxNode& node) {
  std::vector<std::int64_t> axes;
  if (const OnnxAttribute* attr = node.attribute("axes")) axes = attr->ints;
  if (node.inputs.size() > 1 && !node.inputs[1].empty()) {
    const OnnxTensor* t = ctx.known(node.inputs[1]);
    if (!t) ctx.fail(node, "takes its axes from a tensor computed at run time", "reduce over constant axes");
    axes = t->ints;
  }
  if (axes.size() != 1) ctx.fail(node, "reduces over " + std::to_string(axes.size()) + " axes", "anesim maps a reduction over one axis");
  OpAttrs a;
  a.axis = axes[0];
  a.keep_dims = node.int_or("keepdims", 1) != 0;
  const OpKind kind = node.op_type == "ReduceSum" ? OpKind::reduce_sum : OpKind::reduce_mean;
  ctx.set_output(node, ctx.builder().op(node.name, kind, {ctx.tensor(node, ctx.input(node, 0))}, a));
}

// Where(condition, x, y): a select; a known operand is a constant of its own shape.
void where(OnnxContext& ctx, const OnnxNode& node) {
  OpInputs inputs;
  for (std::size_t k = 0; k < 3; ++k) inputs.push_back(ctx.tensor(node, ctx.input(node, k)));
  ctx.set_output(node, ctx.builder().op(node.name, OpKind::select, inputs));
}

const std::map<std::string, Mapper>& mappers() {
  static const std::map<std::string, Mapper> table{
      {"Add", elementwise},      {"Sub", elementwise},   {"Mul", elementwise},       {"Div", elementwise},
      {"Pow", elementwise},      {"Sqrt", elementwise},  {"Erf", elementwise},       {"Tanh", elementwise},
      {"Relu", elementwise},     {"Equal", elementwise}, {"Not", logical_not},       {"MatMul", matmul},         {"Gemm", gemm},
      {"Softmax", softmax},      {"LayerNormalization", layer_norm}, {"ReduceMean", reduce}, {"ReduceSum", reduce},
      {"Sigmoid", elementwise},  {"HardSwish", elementwise}, {"Clip", map_clip},
      {"Conv", map_conv},        {"ConvTranspose", map_conv_transpose}, {"BatchNormalization", map_batch_norm},
      {"MaxPool", map_pool},     {"AveragePool", map_pool}, {"GlobalAveragePool", map_global_average_pool},
      {"Resize", map_resize},    {"Flatten", map_flatten}, {"Tile", map_tile}, {"Split", map_split},
      {"Where", where},          {"Reshape", map_reshape}, {"Transpose", map_transpose},
      {"Squeeze", map_squeeze},  {"Unsqueeze", map_unsqueeze}, {"Concat", map_concat},
      {"Slice", map_slice},      {"Gather", map_gather},  {"Cast", map_cast},         {"Expand", map_expand},
      {"Identity", map_identity}, {"Dropout", map_identity}};
  return table;
}

}  // namespace

std::vector<std::string> mapped_onnx_ops() {
  std::vector<std::string> names{"Constant", "ConstantOfShape", "Range", "Shape"};  // folded only
  for (const auto& [name, mapper] : mappers()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

void map_node(OnnxContext& ctx, const OnnxNode& node) {
  const auto it = mappers().find(node.op_type);
  // A folded-only operator reaches here when its inputs are not known values of the right kind.
  if (node.op_type == "Range" || node.op_type == "ConstantOfShape") {
    ctx.fail(node, "has inputs anesim cannot fold (they must be known at import: scalars for Range, a shape for ConstantOfShape)",
             "export with fixed or named (batch, seq, --dim) sizes, so that the shape arithmetic before it folds");
  }
  if (it == mappers().end()) {
    std::string list;
    for (const std::string& name : mapped_onnx_ops()) list += (list.empty() ? "" : ", ") + name;
    if (ctx.options().unsupported == UnsupportedOps::cpu) {
      map_unsupported(ctx, node, list);
      return;
    }
    ctx.fail(node, "has an operator anesim cannot cost",
             "anesim maps " + list + "; --unsupported cpu places it on the CPU, costed by its bytes (docs/onnx-import.md)");
  }
  it->second(ctx, node);
}

}  // namespace anesim
