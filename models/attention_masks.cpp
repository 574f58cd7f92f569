#include "models/attention_masks.hpp"

namespace anesim {

TensorId keys_last_additive_mask(BuildContext& ctx, TensorId mask, const std::string& p) {
  auto& b = ctx.b;
  const TensorId m4 = b.op({p, "view"}, OpKind::reshape, {mask}, ints_attrs({ctx.batch, 1, 1, ctx.seq}));
  OpAttrs to_fp16;
  to_fp16.to = DType::fp16;
  const TensorId cast = b.op({p, "cast"}, OpKind::cast, {m4}, to_fp16);
  const TensorId inverted = b.op({p, "invert"}, OpKind::sub, {cast}, scalar_attrs(1));
  return b.op({p, "scale"}, OpKind::mul, {inverted}, scalar_attrs(-1e4));
}

BoolMask bool_mask(BuildContext& ctx, TensorId mask, const std::string& p, std::vector<std::int64_t> view,
                   std::vector<std::int64_t> tile) {
  auto& b = ctx.b;
  std::vector<std::int64_t> full_dims(view.size());
  for (std::size_t i = 0; i < view.size(); ++i) full_dims[i] = view[i] * tile[i];
  const Shape full_shape(full_dims);
  const TensorId is_pad = b.op({p, "mask_equal"}, OpKind::equal, {mask}, scalar_attrs(0));
  const TensorId viewed = b.op({p, "mask_view"}, OpKind::reshape, {is_pad}, ints_attrs(std::move(view)));
  const TensorId full = b.op({p, "mask_tile"}, OpKind::tile, {viewed}, ints_attrs(std::move(tile)));
  const Shape fill_shape = ctx.options.baseline_fill_constant ? full_shape : Shape{1, 1, 1, 1};
  return {full, b.constant({p, "mask_fill_value"}, fill_shape)};
}

}  // namespace anesim
