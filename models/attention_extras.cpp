#include "models/attention_extras.hpp"

namespace anesim {

namespace {

// x * rsqrt(mean(x^2) + eps) * weight over `axis`, as the layouts' own RMSNorms write it.
TensorId rms_norm(BuildContext& ctx, TensorId x, std::int64_t axis, const Shape& weight_shape, const std::string& name) {
  auto& b = ctx.b;
  const TensorId weight = b.weight({name, ".weight"}, weight_shape);
  const TensorId squared = b.op({name, ".square"}, OpKind::mul, {x, x});
  const TensorId mean = b.op({name, ".mean"}, OpKind::reduce_mean, {squared}, axis_attrs(axis));
  const TensorId eps = b.op({name, ".add_eps"}, OpKind::add, {mean}, scalar_attrs(1e-6));
  const TensorId inv = b.op({name, ".rsqrt"}, OpKind::rsqrt, {eps});
  const TensorId normed = b.op({name, ".normalize"}, OpKind::mul, {x, inv});
  return b.op({name, ".scale"}, OpKind::mul, {normed, weight});
}

}  // namespace

TensorId head_norm_last_axis(BuildContext& ctx, TensorId x, const std::string& name) {
  if (!ctx.model.qk_norm) return x;
  return rms_norm(ctx, x, -1, Shape{ctx.model.head_dim()}, name);
}

TensorId head_norm_channels(BuildContext& ctx, TensorId x, std::int64_t heads, const std::string& name) {
  if (!ctx.model.qk_norm) return x;
  const Shape s = ctx.b.shape(x);  // (B, heads x D, 1, S)
  const std::int64_t d = ctx.model.head_dim();
  const TensorId per_head = ctx.b.op({name, ".heads_view"}, OpKind::reshape, {x}, ints_attrs({s[0], heads, d, s[3]}));
  const TensorId normed = rms_norm(ctx, per_head, 2, Shape{1, 1, d, 1}, name);
  return ctx.b.op({name, ".channels_view"}, OpKind::reshape, {normed}, ints_attrs({s[0], s[1], s[2], s[3]}));
}

TensorId soft_cap(BuildContext& ctx, TensorId x, double cap, const NameParts& name) {
  if (cap == 0) return x;
  const std::string base = std::string(name.a) + std::string(name.b) + std::string(name.c);
  const TensorId scaled = ctx.b.op({base, ".scale"}, OpKind::mul, {x}, scalar_attrs(1.0 / cap));
  const TensorId capped = ctx.b.op({base, ".tanh"}, OpKind::tanh, {scaled});
  return ctx.b.op({base, ".unscale"}, OpKind::mul, {capped}, scalar_attrs(cap));
}

}  // namespace anesim
