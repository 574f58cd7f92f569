// The (B,C,1,S) layout of apple/ml-ane-transformers (shared/research/distilbert_graphs.md §4):
// Conv2d 1x1 projections over channels, one transpose (on the key), per-head split with the two
// einsums that map to the hardware without copies, additive masking, and LayerNormANE over C.
#include <cmath>

#include "models/embeddings.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

namespace {

OpAttrs axis_attrs(std::int64_t axis) {
  OpAttrs a;
  a.axis = axis;
  return a;
}

class AneLayout final : public LayoutStrategy {
 public:
  TensorId embed(BuildContext& ctx, TensorId ids) override {
    // LayerNormANE migrates (B,S,C) to (B,C,1,S) on entry: the model's one entry transpose.
    OpAttrs perm;
    perm.ints = {0, 2, 1};
    const TensorId bcs = ctx.b.op("embeddings.to_bcs", OpKind::transpose, {embed_tokens(ctx, ids)}, perm);
    const TensorId bc1s = ctx.b.op("embeddings.to_bc1s", OpKind::expand_dims, {bcs}, axis_attrs(2));
    return norm(ctx, bc1s, "embeddings.layer_norm");
  }

  TensorId project(BuildContext& ctx, TensorId x, std::int64_t in, std::int64_t out, const std::string& name) override {
    const TensorId w = ctx.b.weight(name + ".weight", Shape{out, in, 1, 1});
    const TensorId bias = ctx.b.weight(name + ".bias", Shape{out});
    return ctx.b.op(name, OpKind::conv1x1, {x, w, bias});
  }

  TensorId norm(BuildContext& ctx, TensorId x, const std::string& n) override {
    auto& b = ctx.b;
    const std::int64_t c = ctx.model.hidden_size;
    const TensorId gamma = b.weight(n + ".weight", Shape{1, c, 1, 1});
    const TensorId beta = b.weight(n + ".bias", Shape{1, c, 1, 1});
    if (ctx.options.fuse_ane_layer_norm) return b.op(n, OpKind::layer_norm, {x, gamma, beta}, axis_attrs(1));
    // LayerNormANE's nine ops (§4.4): bias before scale, statistics of shape (B,1,1,S).
    const TensorId mean = b.op(n + ".mean", OpKind::reduce_mean, {x}, axis_attrs(1));
    const TensorId centered = b.op(n + ".center", OpKind::sub, {x, mean});
    const TensorId squared = b.op(n + ".square", OpKind::mul, {centered, centered});
    const TensorId var = b.op(n + ".variance", OpKind::reduce_mean, {squared}, axis_attrs(1));
    const TensorId var_eps = b.op(n + ".add_eps", OpKind::add, {var}, scalar_attrs(1e-7));
    const TensorId inv_std = b.op(n + ".rsqrt", OpKind::rsqrt, {var_eps});
    const TensorId normed = b.op(n + ".normalize", OpKind::mul, {centered, inv_std});
    const TensorId shifted = b.op(n + ".bias_add", OpKind::add, {normed, beta});
    return b.op(n + ".scale", OpKind::mul, {shifted, gamma});
  }

  TensorId attention(BuildContext& ctx, TensorId x, TensorId mask, const std::string& p) override {
    auto& b = ctx.b;
    const std::int64_t C = ctx.model.hidden_size, H = ctx.model.heads, D = ctx.model.head_dim();
    const TensorId q = project(ctx, x, C, C, p + "q_proj");
    const TensorId k = project(ctx, x, C, C, p + "k_proj");
    const TensorId v = project(ctx, x, C, C, p + "v_proj");
    // Additive mask: (1 - mask) * -1e4, keys on axis 1: (B,S,1,1).
    OpAttrs one_minus = scalar_attrs(1);
    const TensorId inverted = b.op(p + "mask_invert", OpKind::sub, {mask}, one_minus);
    OpAttrs to_fp16;
    to_fp16.to = DType::fp16;
    const TensorId as_float = b.op(p + "mask_cast", OpKind::cast, {inverted}, to_fp16);
    const TensorId additive = b.op(p + "mask_scale", OpKind::mul, {as_float}, scalar_attrs(-1e4));
    const TensorId m3 = b.op(p + "mask_expand1", OpKind::expand_dims, {additive}, axis_attrs(2));
    const TensorId m4 = b.op(p + "mask_expand2", OpKind::expand_dims, {m3}, axis_attrs(3));

    OpAttrs heads_on_c = axis_attrs(1);
    heads_on_c.parts = H;
    const auto q_heads = b.op_n(p + "q_split", OpKind::split, {q}, heads_on_c);
    OpAttrs perm;
    perm.ints = {0, 3, 2, 1};
    const TensorId k_t = b.op(p + "k_transpose", OpKind::transpose, {k}, perm);
    OpAttrs heads_on_w = axis_attrs(3);
    heads_on_w.parts = H;
    const auto k_heads = b.op_n(p + "k_split", OpKind::split, {k_t}, heads_on_w);
    const auto v_heads = b.op_n(p + "v_split", OpKind::split, {v}, heads_on_c);

    std::vector<TensorId> contexts;
    const double scale = 1.0 / std::sqrt(static_cast<double>(D));
    for (std::int64_t h = 0; h < H; ++h) {
      const std::string hp = p + "head" + std::to_string(h) + ".";
      const auto i = static_cast<std::size_t>(h);
      OpAttrs qk;
      qk.equation = "bchq,bkhc->bkhq";
      const TensorId scores = b.op(hp + "scores", OpKind::einsum, {q_heads[i], k_heads[i]}, qk);
      const TensorId scaled = b.op(hp + "scale", OpKind::mul, {scores}, scalar_attrs(scale));
      const TensorId masked = b.op(hp + "mask_add", OpKind::add, {scaled, m4});
      const TensorId weights = b.op(hp + "softmax", OpKind::softmax, {masked}, axis_attrs(1));
      OpAttrs wv;
      wv.equation = "bkhq,bchk->bchq";
      contexts.push_back(b.op(hp + "context", OpKind::einsum, {weights, v_heads[i]}, wv));
    }
    const TensorId merged = b.op(p + "concat", OpKind::concat, contexts, axis_attrs(1));
    return project(ctx, merged, C, C, p + "out_proj");
  }

  TensorId classify(BuildContext& ctx, TensorId x) override {
    OpAttrs first = axis_attrs(3);
    first.begin = 0;
    first.end = 1;
    const TensorId cls = ctx.b.op("head.first_token", OpKind::slice, {x}, first);
    const std::int64_t C = ctx.model.hidden_size;
    TensorId h = project(ctx, cls, C, C, "head.pre_classifier");
    h = ctx.b.op("head.relu", OpKind::relu, {h});
    h = project(ctx, h, C, ctx.model.num_labels, "head.classifier");
    h = ctx.b.op("head.squeeze_w", OpKind::squeeze, {h}, axis_attrs(-1));
    return ctx.b.op("head.squeeze_h", OpKind::squeeze, {h}, axis_attrs(-1));
  }
};

const LayoutRegistration k_register("ane", [] { return std::make_unique<AneLayout>(); });

}  // namespace
}  // namespace anesim
