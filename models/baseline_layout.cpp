// The (B,S,C) layout of Hugging Face's DistilBERT as Core ML receives it
// (shared/research/distilbert_graphs.md §3): nn.Linear projections over the last axis, heads
// split with view + transpose, replacement masking with a materialised bool mask, and fused
// LayerNorm/softmax over the last axis.
#include <cmath>

#include "models/embeddings.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

namespace {

class BaselineLayout final : public LayoutStrategy {
 public:
  TensorId embed(BuildContext& ctx, TensorId ids) override {
    return norm(ctx, embed_tokens(ctx, ids), "embeddings.layer_norm");
  }

  TensorId project(BuildContext& ctx, TensorId x, std::int64_t in, std::int64_t out, const std::string& name) override {
    const TensorId w = ctx.b.weight(name + ".weight", Shape{out, in});
    const TensorId bias = ctx.b.weight(name + ".bias", Shape{out});
    return ctx.b.op(name, OpKind::linear, {x, w, bias});
  }

  TensorId norm(BuildContext& ctx, TensorId x, const std::string& name) override {
    const std::int64_t c = ctx.model.hidden_size;
    const TensorId gamma = ctx.b.weight(name + ".weight", Shape{c});
    const TensorId beta = ctx.b.weight(name + ".bias", Shape{c});
    OpAttrs a;
    a.axis = -1;
    return ctx.b.op(name, OpKind::layer_norm, {x, gamma, beta}, a);
  }

  TensorId attention(BuildContext& ctx, TensorId x, TensorId mask, const std::string& p) override {
    auto& b = ctx.b;
    const std::int64_t B = ctx.batch, S = ctx.seq, C = ctx.model.hidden_size, H = ctx.model.heads, D = ctx.model.head_dim();
    auto heads = [&](const std::string& name) {
      const TensorId t = project(ctx, x, C, C, p + name);
      const TensorId split = b.op(p + name + ".view", OpKind::reshape, {t}, reshape_to({B, S, H, D}));
      return b.op(p + name + ".transpose", OpKind::transpose, {split}, perm({0, 2, 1, 3}));
    };
    const TensorId q = heads("q_lin");
    const TensorId k = heads("k_lin");
    const TensorId v = heads("v_lin");
    const TensorId q_scaled = b.op(p + "q_scale", OpKind::mul, {q}, scalar_attrs(1.0 / std::sqrt(static_cast<double>(D))));
    const TensorId k_t = b.op(p + "k_transpose", OpKind::transpose, {k}, perm({0, 1, 3, 2}));
    const TensorId scores = b.op(p + "scores", OpKind::matmul, {q_scaled, k_t});
    const TensorId is_pad = b.op(p + "mask_equal", OpKind::equal, {mask}, scalar_attrs(0));
    const TensorId mask4 = b.op(p + "mask_view", OpKind::reshape, {is_pad}, reshape_to({B, 1, 1, S}));
    OpAttrs reps;
    reps.ints = {1, H, S, 1};
    const TensorId mask_full = b.op(p + "mask_tile", OpKind::tile, {mask4}, reps);
    const Shape fill_shape = ctx.options.baseline_fill_constant ? Shape{B, H, S, S} : Shape{1, 1, 1, 1};
    const TensorId fill = b.constant(p + "mask_fill_value", fill_shape);
    const TensorId masked = b.op(p + "mask_select", OpKind::select, {mask_full, fill, scores});
    OpAttrs last;
    last.axis = -1;
    const TensorId weights = b.op(p + "softmax", OpKind::softmax, {masked}, last);
    const TensorId context = b.op(p + "context", OpKind::matmul, {weights, v});
    const TensorId merged_t = b.op(p + "context.transpose", OpKind::transpose, {context}, perm({0, 2, 1, 3}));
    const TensorId merged = b.op(p + "context.view", OpKind::reshape, {merged_t}, reshape_to({B, S, C}));
    return project(ctx, merged, C, C, p + "out_lin");
  }

  TensorId classify(BuildContext& ctx, TensorId x) override {
    OpAttrs first;
    first.axis = 1;
    first.begin = 0;
    first.end = 1;
    first.keep_dims = false;
    const TensorId cls = ctx.b.op("head.first_token", OpKind::slice, {x}, first);
    const std::int64_t C = ctx.model.hidden_size;
    TensorId h = project(ctx, cls, C, C, "head.pre_classifier");
    h = ctx.b.op("head.relu", OpKind::relu, {h});
    return project(ctx, h, C, ctx.model.num_labels, "head.classifier");
  }

 private:
  static OpAttrs reshape_to(std::vector<std::int64_t> shape) {
    OpAttrs a;
    a.ints = std::move(shape);
    return a;
  }
  static OpAttrs perm(std::vector<std::int64_t> order) { return reshape_to(std::move(order)); }
};

const LayoutRegistration k_register("baseline", [] { return std::make_unique<BaselineLayout>(); });

}  // namespace
}  // namespace anesim
