// The (B,S,C) layout of Hugging Face's PyTorch code as Core ML receives it
// (docs/sources.md §9.3 for DistilBERT; BERT, GPT-2 and Llama follow the same
// eager attention): nn.Linear over the last axis, heads split with view + transpose, norms and
// softmax over the last axis, rotary embeddings and repeated KV heads as their code writes them.
#include <cmath>

#include "models/attention_masks.hpp"
#include "models/layout_principles.hpp"
#include "models/attention_extras.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

namespace {

class BaselineLayout final : public LayoutStrategy {
 public:
  explicit BaselineLayout(bool additive_mask) : m_additive_mask(additive_mask) {}

  TensorId enter(BuildContext&, TensorId bsc) override { return bsc; }
  TensorId leave(BuildContext&, TensorId x) override { return x; }

  TensorId sequence_from_channels(BuildContext& ctx, TensorId bc1s) override {
    // PyTorch's flatten(2).transpose(1, 2) (ViT) or permute(0, 2, 1) (Whisper) to (B,S,C).
    const Shape& s = ctx.b.shape(bc1s);
    const TensorId bcs = ctx.b.op("embeddings.flatten", OpKind::reshape, {bc1s}, ints_attrs({s[0], s[1], s[3]}));
    return ctx.b.op("embeddings.to_bsc", OpKind::transpose, {bcs}, ints_attrs({0, 2, 1}));
  }
  Shape activation_shape(std::int64_t batch, std::int64_t seq, std::int64_t channels) const override {
    return Shape{batch, seq, channels};
  }
  std::int64_t sequence_axis() const override { return 1; }

  TensorId project(BuildContext& ctx, TensorId x, std::int64_t in, std::int64_t out, const std::string& name, bool bias,
                   TensorId shared_weight) override {
    const TensorId w = shared_weight != k_none ? shared_weight : ctx.kernel({name, ".weight"}, Shape{out, in});
    OpInputs inputs{x, w};
    if (bias) inputs.push_back(ctx.b.weight({name, ".bias"}, Shape{out}));
    return ctx.b.op(name, OpKind::linear, inputs);
  }

  TensorId norm(BuildContext& ctx, TensorId x, const std::string& name) override {
    const auto& m = ctx.model;
    const std::int64_t c = m.hidden_size;
    OpInputs inputs{x, ctx.b.weight({name, ".weight"}, Shape{c})};
    if (m.norm == NormKind::layer_norm && m.bias) inputs.push_back(ctx.b.weight({name, ".bias"}, Shape{c}));
    if (m.norm == NormKind::layer_norm) return ctx.b.op(name, OpKind::layer_norm, inputs, axis_attrs(-1));
    // RMSNorm as Llama's code writes it: x * rsqrt(mean(x^2) + eps) * weight, over the last axis.
    const TensorId squared = ctx.b.op({name, ".square"}, OpKind::mul, {x, x});
    const TensorId mean = ctx.b.op({name, ".mean"}, OpKind::reduce_mean, {squared}, axis_attrs(-1));
    const TensorId eps = ctx.b.op({name, ".add_eps"}, OpKind::add, {mean}, scalar_attrs(1e-6));
    const TensorId inv = ctx.b.op({name, ".rsqrt"}, OpKind::rsqrt, {eps});
    const TensorId normed = ctx.b.op({name, ".normalize"}, OpKind::mul, {x, inv});
    return ctx.b.op({name, ".scale"}, OpKind::mul, {normed, inputs[1]});
  }

  TensorId prepare_mask(BuildContext& ctx, TensorId mask) override {
    // BERT's get_extended_attention_mask: mask[:, None, None, :], cast, (1 - mask) * min.
    return keys_last_additive_mask(ctx, mask, "mask.");
  }

  TensorId attention(BuildContext& ctx, TensorId x, TensorId mask, const std::string& p) override {
    auto& b = ctx.b;
    const auto& m = ctx.model;
    const std::int64_t B = ctx.batch, S = ctx.seq, C = m.hidden_size, H = m.heads, Hkv = m.kv_heads, D = m.head_dim();
    auto heads = [&](const std::string& name, std::int64_t count) {
      const TensorId t = project(ctx, x, C, count * D, p + name, name == "k_lin" ? m.k_bias : m.qkv_bias, k_none);
      TensorId split = b.op({p, name, ".view"}, OpKind::reshape, {t}, ints_attrs({B, S, count, D}));
      if (name != "v_lin") split = head_norm_last_axis(ctx, split, p + (name == "q_lin" ? "q_norm" : "k_norm"));
      return b.op({p, name, ".transpose"}, OpKind::transpose, {split}, ints_attrs({0, 2, 1, 3}));
    };
    TensorId q = heads("q_lin", H);
    TensorId k = heads("k_lin", Hkv);
    TensorId v = heads("v_lin", Hkv);
    if (m.position == PositionKind::rope) {
      q = rope(ctx, q, p + "q_rope");
      k = rope(ctx, k, p + "k_rope");
    }
    if (ctx.decoding()) {
      // The new token's key and value go into the cache (B,Hkv,L,D) in place; attention reads it all.
      k = append_to_cache(ctx, k, p + "k_cache");
      v = append_to_cache(ctx, v, p + "v_cache");
    } else if (m.is_decoder()) {
      b.state_output(k);  // prefill writes the KV cache
      b.state_output(v);
    }
    if (Hkv < H) {
      // repeat_kv: expand + reshape materialises every KV head H / Hkv times.
      k = b.op({p, "k_repeat"}, OpKind::tile, {k}, ints_attrs({1, H / Hkv, 1, 1}));
      v = b.op({p, "v_repeat"}, OpKind::tile, {v}, ints_attrs({1, H / Hkv, 1, 1}));
    }
    const double scale = 1.0 / std::sqrt(static_cast<double>(D));
    TensorId scores;
    if (m.padding_mask == PaddingMask::replace && !m_additive_mask) {
      // DistilBERT: scale q, then masked_fill the scores from a bool mask rebuilt every layer.
      q = b.op({p, "q_scale"}, OpKind::mul, {q}, scalar_attrs(scale));
      const TensorId k_t = b.op({p, "k_transpose"}, OpKind::transpose, {k}, ints_attrs({0, 1, 3, 2}));
      scores = b.op({p, "scores"}, OpKind::matmul, {q, k_t});
      const BoolMask bm = bool_mask(ctx, mask, p, {B, 1, 1, S}, {1, H, S, 1});
      scores = b.op({p, "mask_select"}, OpKind::select, {bm.full, bm.fill, scores});
    } else {
      const TensorId k_t = b.op({p, "k_transpose"}, OpKind::transpose, {k}, ints_attrs({0, 1, 3, 2}));
      scores = b.op({p, "scores"}, OpKind::matmul, {q, k_t});
      scores = b.op({p, "scores_scale"}, OpKind::mul, {scores}, scalar_attrs(scale));
      scores = soft_cap(ctx, scores, m.attention_softcap, {p, "scores_softcap"});
      // The `mask` switch on a replace model: the additive fp16 mask, rebuilt per layer as its
      // masked_fill was (ml-ane-transformers' DistilBERT port does the same).
      const TensorId key_mask = m.padding_mask == PaddingMask::replace ? keys_last_additive_mask(ctx, mask, p + "mask_") : mask;
      if (key_mask != k_none) scores = b.op({p, "mask_add"}, OpKind::add, {scores, key_mask});
      if (m.attention == AttentionKind::causal && !ctx.decoding()) scores = b.op({p, "causal_add"}, OpKind::add, {scores, causal_mask(ctx)});
    }
    const TensorId weights = b.op({p, "softmax"}, OpKind::softmax, {scores}, axis_attrs(-1));
    const TensorId context = b.op({p, "context"}, OpKind::matmul, {weights, v});
    const TensorId merged_t = b.op({p, "context.transpose"}, OpKind::transpose, {context}, ints_attrs({0, 2, 1, 3}));
    const TensorId merged = b.op({p, "context.view"}, OpKind::reshape, {merged_t}, ints_attrs({B, S, H * D}));
    return project(ctx, merged, H * D, C, p + "out_lin", m.bias, k_none);
  }

  TensorId first_token(BuildContext& ctx, TensorId x) override {
    OpAttrs first = axis_attrs(1);
    first.begin = 0;
    first.end = 1;
    first.keep_dims = false;
    return ctx.b.op("head.first_token", OpKind::slice, {x}, first);
  }

 private:
  // Rotary embedding on (B,H,S,D): x * cos + rotate_half(x) * sin, rotate_half = cat(-x2, x1)
  // on the last axis, which Llama's code splits and joins there (copies, rule 2).
  TensorId rope(BuildContext& ctx, TensorId x, const std::string& name) {
    auto& b = ctx.b;
    const std::int64_t S = ctx.seq, D = ctx.model.head_dim();
    if (m_cos == k_none) {
      m_cos = b.constant("rope.cos", Shape{1, 1, S, D});
      m_sin = b.constant("rope.sin", Shape{1, 1, S, D});
      m_sign = b.constant("rope.sign", Shape{1, 1, 1, D});
    }
    OpAttrs halves = axis_attrs(-1);
    halves.parts = 2;
    const auto parts = b.op_n({name, ".split"}, OpKind::split, {x}, halves);
    const TensorId swapped = b.op({name, ".swap"}, OpKind::concat, {parts[1], parts[0]}, axis_attrs(-1));
    const TensorId rotated = b.op({name, ".negate"}, OpKind::mul, {swapped, m_sign});
    const TensorId a = b.op({name, ".cos"}, OpKind::mul, {x, m_cos});
    const TensorId c = b.op({name, ".sin"}, OpKind::mul, {rotated, m_sin});
    return b.op({name, ".add"}, OpKind::add, {a, c});
  }

  static TensorId append_to_cache(BuildContext& ctx, TensorId x, const std::string& name) {
    const auto& m = ctx.model;
    const TensorId cache = ctx.b.state_input(name, Shape{ctx.batch, m.kv_heads, ctx.cache_len(), m.head_dim()}, DType::fp16);
    OpAttrs at = axis_attrs(2);
    at.begin = ctx.cache_len() - 1;
    return ctx.b.op({name, ".append"}, OpKind::slice_update, {cache, x}, at);
  }

  TensorId causal_mask(BuildContext& ctx) {
    if (m_causal == k_none) m_causal = ctx.b.constant("causal_mask", Shape{1, 1, ctx.seq, ctx.seq});
    return m_causal;
  }

  bool m_additive_mask;  // models/layout_principles.hpp's `mask` switch
  TensorId m_cos = k_none, m_sin = k_none, m_sign = k_none, m_causal = k_none;
};

}  // namespace

std::unique_ptr<LayoutStrategy> make_baseline_layout() { return std::make_unique<BaselineLayout>(false); }
std::unique_ptr<LayoutStrategy> make_bsc_layout(const LayoutPrinciples& principles) {
  return std::make_unique<BaselineLayout>(principles.additive_mask);
}
}  // namespace anesim
