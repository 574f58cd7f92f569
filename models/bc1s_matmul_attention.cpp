#include "models/bc1s_matmul_attention.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "models/attention_extras.hpp"
#include "models/attention_masks.hpp"

namespace anesim {

namespace {

// The ops of one product, for `n` heads at once: n = H fused, n = 1 per head.
class MatmulHeads {
 public:
  MatmulHeads(BuildContext& ctx, const AttentionInputs& in)
      : m_ctx(ctx), m_in(in), m_scale(1.0 / std::sqrt(static_cast<double>(ctx.model.head_dim()))) {}

  // (B,n*D,1,S) -> (B,n,D,S): channels viewed as (heads, head_dim); the keys' form for q @ k.
  TensorId columns(TensorId x, std::int64_t n, const std::string& name) const {
    const Shape& s = m_ctx.b.shape(x);
    return m_ctx.b.op(name + ".view", OpKind::reshape, {x}, ints_attrs({s[0], n, s[1] / n, s[3]}));
  }
  // (B,n*D,1,S) -> (B,n,S,D): the query's and the values' form, a transpose across W.
  TensorId rows(TensorId x, std::int64_t n, const std::string& name) const {
    return m_ctx.b.op(name + ".transpose", OpKind::transpose, {columns(x, n, name)}, ints_attrs({0, 1, 3, 2}));
  }

  // q (B,n,S,D) @ k (B,n,D,Sk), scaled, with the additive and causal masks. A `replace` model
  // scales q first, as DistilBERT's code does (and the baseline writes); the others the scores.
  TensorId scores(TensorId q_rows, TensorId k_columns, const std::string& p) const {
    auto& b = m_ctx.b;
    const bool scale_q = m_ctx.model.padding_mask == PaddingMask::replace;
    if (scale_q) q_rows = b.op(p + "q_scale", OpKind::mul, {q_rows}, scalar_attrs(m_scale));
    TensorId s = b.op(p + "scores", OpKind::matmul, {q_rows, k_columns});
    if (!scale_q) s = b.op(p + "scores_scale", OpKind::mul, {s}, scalar_attrs(m_scale));
    s = soft_cap(m_ctx, s, m_ctx.model.attention_softcap, {p, "softcap"});
    if (m_in.mask != k_none) s = b.op(p + "mask_add", OpKind::add, {s, m_in.mask});
    if (m_in.causal != k_none) s = b.op(p + "causal_add", OpKind::add, {s, m_in.causal});
    return s;
  }

  // softmax over the keys, @ v (B,n,Sk,D), and the context back to (B,n,D,S).
  TensorId context(TensorId scores, TensorId v_rows, const std::string& p) const {
    auto& b = m_ctx.b;
    const TensorId w = b.op(p + "softmax", OpKind::softmax, {scores}, axis_attrs(-1));
    const TensorId c = b.op(p + "context", OpKind::matmul, {w, v_rows});
    return b.op(p + "context.transpose", OpKind::transpose, {c}, ints_attrs({0, 1, 3, 2}));
  }

 private:
  BuildContext& m_ctx;
  const AttentionInputs& m_in;
  double m_scale;
};

TensorId fused(BuildContext& ctx, const AttentionInputs& in, const std::string& p) {
  auto& b = ctx.b;
  const auto& m = ctx.model;
  const std::int64_t B = ctx.batch, H = m.heads, Hkv = m.kv_heads;
  const std::int64_t S = b.shape(in.q)[3], Sk = b.shape(in.k)[3];
  const MatmulHeads heads(ctx, in);
  const TensorId q = heads.rows(in.q, H, p + "q");
  TensorId k = heads.columns(in.k, Hkv, p + "k");
  TensorId v = heads.rows(in.v, Hkv, p + "v");
  if (Hkv < H) {
    // repeat_kv, as the baseline writes it: every KV head materialised H / Hkv times.
    k = b.op(p + "k_repeat", OpKind::tile, {k}, ints_attrs({1, H / Hkv, 1, 1}));
    v = b.op(p + "v_repeat", OpKind::tile, {v}, ints_attrs({1, H / Hkv, 1, 1}));
  }
  TensorId s = heads.scores(q, k, p);
  if (in.replace_mask != k_none) {
    const BoolMask bm = bool_mask(ctx, in.replace_mask, p, {B, 1, 1, Sk}, {1, H, S, 1});
    s = b.op(p + "mask_select", OpKind::select, {bm.full, bm.fill, s});
  }
  const TensorId c = heads.context(s, v, p);
  return b.op(p + "context.view", OpKind::reshape, {c}, ints_attrs({B, H * m.head_dim(), 1, S}));
}

TensorId per_head(BuildContext& ctx, const AttentionInputs& in, const std::string& p) {
  auto& b = ctx.b;
  const auto& m = ctx.model;
  const std::int64_t B = ctx.batch, H = m.heads, Hkv = m.kv_heads;
  const std::int64_t S = b.shape(in.q)[3], Sk = b.shape(in.k)[3];
  const MatmulHeads heads(ctx, in);
  auto split = [&](TensorId x, std::int64_t parts, const char* name) {
    OpAttrs on_c = axis_attrs(1);
    on_c.parts = parts;
    return b.op_n(p + name, OpKind::split, {x}, on_c);
  };
  const auto q_heads = split(in.q, H, "q_split");
  const auto k_heads = split(in.k, Hkv, "k_split");
  const auto v_heads = split(in.v, Hkv, "v_split");
  std::vector<TensorId> k_columns, v_rows;
  for (std::int64_t g = 0; g < Hkv; ++g) {
    const auto i = static_cast<std::size_t>(g);
    k_columns.push_back(heads.columns(k_heads[i], 1, fmt::format("{}kv{}.k", p, g)));
    v_rows.push_back(heads.rows(v_heads[i], 1, fmt::format("{}kv{}.v", p, g)));
  }
  auto tag = [&](std::int64_t h) { return fmt::format("{}head{}.", p, h); };
  auto group = [&](std::int64_t h) { return static_cast<std::size_t>(h / (H / Hkv)); };
  std::vector<TensorId> scores;
  for (std::int64_t h = 0; h < H; ++h)
    scores.push_back(heads.scores(heads.rows(q_heads[static_cast<std::size_t>(h)], 1, tag(h) + "q"), k_columns[group(h)], tag(h)));
  if (in.replace_mask != k_none) {
    // Every head's masked_fill after every head's scores: the bool ops run on the CPU, so
    // interleaving them with the heads' ANE ops would hand over twice per head, not per layer.
    const BoolMask bm = bool_mask(ctx, in.replace_mask, p, {B, 1, 1, Sk}, {1, 1, S, 1});
    for (std::int64_t h = 0; h < H; ++h) {
      auto& s = scores[static_cast<std::size_t>(h)];
      s = b.op(tag(h) + "mask_select", OpKind::select, {bm.full, bm.fill, s});
    }
  }
  std::vector<TensorId> contexts;
  for (std::int64_t h = 0; h < H; ++h) {
    const TensorId c = heads.context(scores[static_cast<std::size_t>(h)], v_rows[group(h)], tag(h));
    contexts.push_back(b.op(tag(h) + "context.view", OpKind::reshape, {c}, ints_attrs({B, m.head_dim(), 1, S})));
  }
  return b.op(p + "concat", OpKind::concat, contexts, axis_attrs(1));
}

}  // namespace

TensorId matmul_attention(BuildContext& ctx, const AttentionInputs& in, const std::string& prefix,
                          const LayoutPrinciples& principles) {
  return principles.heads ? per_head(ctx, in, prefix) : fused(ctx, in, prefix);
}

}  // namespace anesim
