// The (B,C,1,S) layout of apple/ml-ane-transformers (docs/sources.md §9.4):
// Conv2d 1x1 projections over channels, one transpose (on the key), per-head split with the two
// einsums that map to the hardware without copies, additive masks with keys on axis 1, and
// norms over C. Rotary embeddings and RMSNorm, which the reference lacks, are written the same
// way: along channels, so their splits and joins relabel outer axes and cost nothing.
#include <cmath>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "models/attention_masks.hpp"
#include "models/bc1s_matmul_attention.hpp"
#include "models/layout_principles.hpp"
#include "models/attention_extras.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

namespace {

// "head<h>.", the middle part of a per-head op's name ({layer prefix, head tag, op}), kept on the
// stack: a heap string per head was 72 allocations per distilbert graph.
class HeadTag {
 public:
  explicit HeadTag(std::int64_t head) : m_size(fmt::format_to_n(m_text, sizeof m_text, "head{}.", head).size) {}
  [[nodiscard]] std::string_view view() const { return {m_text, m_size}; }

 private:
  char m_text[32];
  std::size_t m_size;
};

class AneLayout final : public LayoutStrategy {
 public:
  explicit AneLayout(const LayoutPrinciples& principles) : m_principles(principles) {}

  TensorId enter(BuildContext& ctx, TensorId bsc) override {
    // LayerNormANE migrates (B,S,C) to (B,C,1,S) on entry: the model's one entry transpose.
    const TensorId bcs = ctx.b.op("embeddings.to_bcs", OpKind::transpose, {bsc}, ints_attrs({0, 2, 1}));
    return ctx.b.op("embeddings.to_bc1s", OpKind::expand_dims, {bcs}, axis_attrs(2));
  }

  TensorId sequence_from_channels(BuildContext&, TensorId bc1s) override { return bc1s; }
  Shape activation_shape(std::int64_t batch, std::int64_t seq, std::int64_t channels) const override {
    return Shape{batch, channels, 1, seq};
  }
  std::int64_t sequence_axis() const override { return 3; }

  TensorId leave(BuildContext& ctx, TensorId x) override {
    // (B,K,1,1) logits back to (B,K).
    const TensorId h = ctx.b.op("head.squeeze_w", OpKind::squeeze, {x}, axis_attrs(-1));
    return ctx.b.op("head.squeeze_h", OpKind::squeeze, {h}, axis_attrs(-1));
  }

  TensorId project(BuildContext& ctx, TensorId x, std::int64_t in, std::int64_t out, const std::string& name, bool bias,
                   TensorId shared_weight) override {
    const TensorId w = shared_weight != k_none ? shared_weight : ctx.kernel({name, ".weight"}, Shape{out, in, 1, 1});
    OpInputs inputs{x, w};
    if (bias) inputs.push_back(ctx.b.weight({name, ".bias"}, Shape{out}));
    return ctx.b.op(name, OpKind::conv1x1, inputs);
  }

  TensorId norm(BuildContext& ctx, TensorId x, const std::string& n) override {
    auto& b = ctx.b;
    const auto& m = ctx.model;
    const std::int64_t c = m.hidden_size;
    const TensorId gamma = b.weight({n, ".weight"}, Shape{1, c, 1, 1});
    if (m.norm == NormKind::rms_norm) {
      const TensorId squared = b.op({n, ".square"}, OpKind::mul, {x, x});
      const TensorId mean = b.op({n, ".mean"}, OpKind::reduce_mean, {squared}, axis_attrs(1));
      const TensorId eps = b.op({n, ".add_eps"}, OpKind::add, {mean}, scalar_attrs(1e-6));
      const TensorId inv = b.op({n, ".rsqrt"}, OpKind::rsqrt, {eps});
      const TensorId normed = b.op({n, ".normalize"}, OpKind::mul, {x, inv});
      return b.op({n, ".scale"}, OpKind::mul, {normed, gamma});
    }
    const TensorId beta = m.bias ? b.weight({n, ".bias"}, Shape{1, c, 1, 1}) : k_none;
    if (ctx.options.fuse_ane_layer_norm) {
      OpInputs inputs{x, gamma};
      if (beta != k_none) inputs.push_back(beta);
      return b.op(n, OpKind::layer_norm, inputs, axis_attrs(1));
    }
    // LayerNormANE's nine ops (§4.4): bias before scale, statistics of shape (B,1,1,S).
    const TensorId mean = b.op({n, ".mean"}, OpKind::reduce_mean, {x}, axis_attrs(1));
    const TensorId centered = b.op({n, ".center"}, OpKind::sub, {x, mean});
    const TensorId squared = b.op({n, ".square"}, OpKind::mul, {centered, centered});
    const TensorId var = b.op({n, ".variance"}, OpKind::reduce_mean, {squared}, axis_attrs(1));
    const TensorId var_eps = b.op({n, ".add_eps"}, OpKind::add, {var}, scalar_attrs(1e-7));
    const TensorId inv_std = b.op({n, ".rsqrt"}, OpKind::rsqrt, {var_eps});
    TensorId y = b.op({n, ".normalize"}, OpKind::mul, {centered, inv_std});
    if (beta != k_none) y = b.op({n, ".bias_add"}, OpKind::add, {y, beta});
    return b.op({n, ".scale"}, OpKind::mul, {y, gamma});
  }

  // Keys on axis 1 for the einsums; keys last, as BERT's extended mask, for the matmuls.
  TensorId prepare_mask(BuildContext& ctx, TensorId mask) override {
    return m_principles.einsum ? additive_mask(ctx, mask, "mask.") : keys_last_additive_mask(ctx, mask, "mask.");
  }

  TensorId attention(BuildContext& ctx, TensorId x, TensorId mask, const std::string& p) override {
    const auto& m = ctx.model;
    const std::int64_t C = m.hidden_size, H = m.heads, Hkv = m.kv_heads, D = m.head_dim();
    const TensorId q = head_norm_channels(ctx, project(ctx, x, C, H * D, p + "q_proj", m.qkv_bias, k_none), H, p + "q_norm");
    const TensorId k = head_norm_channels(ctx, project(ctx, x, C, Hkv * D, p + "k_proj", m.k_bias, k_none), Hkv, p + "k_norm");
    const TensorId v = project(ctx, x, C, Hkv * D, p + "v_proj", m.qkv_bias, k_none);
    // DistilBERT's port keeps its parent's per-layer mask hand-off: the additive mask is rebuilt
    // in every layer (§4.6); other encoders build it once. Without the `mask` switch it keeps
    // DistilBERT's masked_fill from a bool tensor, rebuilt per layer as well.
    const bool replace = m.padding_mask == PaddingMask::replace;
    AttentionInputs in{.q = q, .k = k, .v = v, .mask = mask};
    if (replace) {
      in.mask = k_none;
      if (!m_principles.additive_mask) in.replace_mask = mask;
      else if (m_principles.einsum) in.mask = additive_mask(ctx, mask, p + "mask_");
      else in.mask = keys_last_additive_mask(ctx, mask, p + "mask_");
    }
    if (m.position == PositionKind::rope) {
      in.q = rope(ctx, in.q, H, p + "q_rope");
      in.k = rope(ctx, in.k, Hkv, p + "k_rope");
    }
    const TensorId merged = m_principles.einsum ? einsum_heads(ctx, in, p) : matmul_form(ctx, in, p);
    return project(ctx, merged, H * D, C, p + "out_proj", m.bias, k_none);
  }

  TensorId first_token(BuildContext& ctx, TensorId x) override {
    OpAttrs first = axis_attrs(3);
    first.begin = 0;
    first.end = 1;
    return ctx.b.op("head.first_token", OpKind::slice, {x}, first);
  }

 private:
  // The seed's per-head einsums (§4.3): one transpose on the key, every head's scores with keys
  // on axis 1. A bool mask's masked_fill runs on the CPU, so every head's select comes after every
  // head's scores (one hand-over each way per layer, as the baseline's one select makes).
  TensorId einsum_heads(BuildContext& ctx, const AttentionInputs& in, const std::string& p) {
    auto& b = ctx.b;
    const auto& m = ctx.model;
    const std::int64_t H = m.heads, Hkv = m.kv_heads, D = m.head_dim();
    OpAttrs heads_on_c = axis_attrs(1);
    heads_on_c.parts = H;
    const auto q_heads = b.op_n({p, "q_split"}, OpKind::split, {in.q}, heads_on_c);
    const TensorId k_t = b.op({p, "k_transpose"}, OpKind::transpose, {in.k}, ints_attrs({0, 3, 2, 1}));
    OpAttrs kv_on_c = axis_attrs(1);
    kv_on_c.parts = Hkv;
    std::vector<TensorId> k_heads, v_heads;
    if (ctx.decoding()) {
      // Caches laid out for the einsums: keys (B,L,Hkv,D), split on the outer axis 2 (free);
      // values (B,KV,1,L), split on channels (free). The new token is written in place.
      const std::int64_t L = ctx.cache_len();
      const TensorId k_rows = b.op({p, "k_heads_view"}, OpKind::reshape, {k_t}, ints_attrs({ctx.batch, 1, Hkv, D}));
      const TensorId k_cache = b.state_input({p, "k_cache"}, Shape{ctx.batch, L, Hkv, D}, DType::fp16);
      OpAttrs k_at = axis_attrs(1);
      k_at.begin = L - 1;
      const TensorId k_all = b.op({p, "k_cache.append"}, OpKind::slice_update, {k_cache, k_rows}, k_at);
      OpAttrs kv_on_h = axis_attrs(2);
      kv_on_h.parts = Hkv;
      for (TensorId t : b.op_n({p, "k_split"}, OpKind::split, {k_all}, kv_on_h)) k_heads.push_back(t);
      const TensorId v_cache = b.state_input({p, "v_cache"}, Shape{ctx.batch, Hkv * D, 1, L}, DType::fp16);
      OpAttrs v_at = axis_attrs(3);
      v_at.begin = L - 1;
      const TensorId v_all = b.op({p, "v_cache.append"}, OpKind::slice_update, {v_cache, in.v}, v_at);
      v_heads = b.op_n({p, "v_split"}, OpKind::split, {v_all}, kv_on_c);
    } else {
      if (m.is_decoder()) {
        b.state_output(k_t);  // prefill writes the KV cache
        b.state_output(in.v);
      }
      OpAttrs kv_on_w = axis_attrs(3);
      kv_on_w.parts = Hkv;
      k_heads = b.op_n({p, "k_split"}, OpKind::split, {k_t}, kv_on_w);
      v_heads = b.op_n({p, "v_split"}, OpKind::split, {in.v}, kv_on_c);
    }
    return einsum_products(ctx, in, q_heads, k_heads, v_heads, p);
  }

  TensorId einsum_products(BuildContext& ctx, const AttentionInputs& in, const std::vector<TensorId>& q_heads,
                           const std::vector<TensorId>& k_heads, const std::vector<TensorId>& v_heads, const std::string& p) {
    auto& b = ctx.b;
    const auto& m = ctx.model;
    const std::int64_t H = m.heads, Hkv = m.kv_heads;
    const double scale = 1.0 / std::sqrt(static_cast<double>(m.head_dim()));
    auto kv = [&](std::int64_t h) { return static_cast<std::size_t>(h / (H / Hkv)); };  // grouped-query: heads share KV views
    auto scores = [&](std::int64_t h) {
      const HeadTag head(h);
      OpAttrs qk;
      qk.equation = "bchq,bkhc->bkhq";
      TensorId s = b.op({p, head.view(), "scores"}, OpKind::einsum, {q_heads[static_cast<std::size_t>(h)], k_heads[kv(h)]}, qk);
      s = b.op({p, head.view(), "scale"}, OpKind::mul, {s}, scalar_attrs(scale));
      s = soft_cap(ctx, s, m.attention_softcap, {p, head.view(), "softcap"});
      if (in.mask != k_none) s = b.op({p, head.view(), "mask_add"}, OpKind::add, {s, in.mask});
      if (m.attention == AttentionKind::causal && !ctx.decoding()) {
        s = b.op({p, head.view(), "causal_add"}, OpKind::add, {s, causal_mask(ctx)});
      }
      return s;
    };
    auto context = [&](std::int64_t h, TensorId s) {
      const HeadTag head(h);
      const TensorId w = b.op({p, head.view(), "softmax"}, OpKind::softmax, {s}, axis_attrs(1));
      OpAttrs wv;
      wv.equation = "bkhq,bchk->bchq";
      return b.op({p, head.view(), "context"}, OpKind::einsum, {w, v_heads[kv(h)]}, wv);
    };
    std::vector<TensorId> contexts;
    contexts.reserve(static_cast<std::size_t>(H));
    if (in.replace_mask == k_none) {
      for (std::int64_t h = 0; h < H; ++h) contexts.push_back(context(h, scores(h)));
    } else {
      std::vector<TensorId> s;
      for (std::int64_t h = 0; h < H; ++h) s.push_back(scores(h));
      const BoolMask bm = bool_mask(ctx, in.replace_mask, p, {ctx.batch, ctx.seq, 1, 1}, {1, 1, 1, ctx.seq});
      for (std::int64_t h = 0; h < H; ++h) {
        const HeadTag head(h);
        s[static_cast<std::size_t>(h)] = b.op({p, head.view(), "mask_select"}, OpKind::select, {bm.full, bm.fill, s[static_cast<std::size_t>(h)]});
      }
      for (std::int64_t h = 0; h < H; ++h) contexts.push_back(context(h, s[static_cast<std::size_t>(h)]));
    }
    return b.op({p, "concat"}, OpKind::concat, contexts, axis_attrs(1));
  }

  // PyTorch's matmuls on the (B,C,1,S) tensors (models/bc1s_matmul_attention.hpp), with caches on
  // the sequence axis W in decode and keys-last causal masks.
  TensorId matmul_form(BuildContext& ctx, AttentionInputs in, const std::string& p) {
    auto& b = ctx.b;
    const auto& m = ctx.model;
    if (ctx.decoding()) {
      const std::int64_t L = ctx.cache_len();
      auto append = [&](TensorId x, const char* name) {
        const TensorId cache = b.state_input({p, name}, Shape{ctx.batch, m.kv_heads * m.head_dim(), 1, L}, DType::fp16);
        OpAttrs at = axis_attrs(3);
        at.begin = L - 1;
        return b.op({p, name, ".append"}, OpKind::slice_update, {cache, x}, at);
      };
      in.k = append(in.k, "k_cache");
      in.v = append(in.v, "v_cache");
    } else if (m.is_decoder()) {
      b.state_output(in.k);  // prefill writes the KV cache
      b.state_output(in.v);
    }
    if (m.attention == AttentionKind::causal && !ctx.decoding()) in.causal = constant(ctx, "causal_mask", Shape{1, 1, ctx.seq, ctx.seq});
    return matmul_attention(ctx, in, p, m_principles);
  }

  // (1 - mask) * -1e4 with keys on axis 1: (B,S,1,1).
  static TensorId additive_mask(BuildContext& ctx, TensorId mask, const std::string& p) {
    auto& b = ctx.b;
    const TensorId inverted = b.op({p, "invert"}, OpKind::sub, {mask}, scalar_attrs(1));
    OpAttrs to_fp16;
    to_fp16.to = DType::fp16;
    const TensorId as_float = b.op({p, "cast"}, OpKind::cast, {inverted}, to_fp16);
    const TensorId additive = b.op({p, "scale"}, OpKind::mul, {as_float}, scalar_attrs(-1e4));
    const TensorId m3 = b.op({p, "expand1"}, OpKind::expand_dims, {additive}, axis_attrs(2));
    return b.op({p, "expand2"}, OpKind::expand_dims, {m3}, axis_attrs(3));
  }

  // Rotary embedding along channels of (B,C,1,S): each head's halves are swapped by a split and
  // a concat of channel ranges (outer axis: free) and negated by a sign constant.
  TensorId rope(BuildContext& ctx, TensorId x, std::int64_t heads, const std::string& name) {
    auto& b = ctx.b;
    const std::int64_t channels = b.shape(x)[1];
    OpAttrs halves = axis_attrs(1);
    halves.parts = 2 * heads;
    const auto parts = b.op_n({name, ".split"}, OpKind::split, {x}, halves);
    std::vector<TensorId> swapped;
    for (std::size_t h = 0; h < parts.size(); h += 2) {
      swapped.push_back(parts[h + 1]);
      swapped.push_back(parts[h]);
    }
    const TensorId rot = b.op({name, ".swap"}, OpKind::concat, swapped, axis_attrs(1));
    const TensorId rotated = b.op({name, ".negate"}, OpKind::mul, {rot, constant(ctx, "rope.sign", Shape{1, channels, 1, 1})});
    const TensorId a = b.op({name, ".cos"}, OpKind::mul, {x, constant(ctx, "rope.cos", Shape{1, channels, 1, ctx.seq})});
    const TensorId c = b.op({name, ".sin"}, OpKind::mul, {rotated, constant(ctx, "rope.sin", Shape{1, channels, 1, ctx.seq})});
    return b.op({name, ".add"}, OpKind::add, {a, c});
  }

  // One constant per name and shape, shared by every layer.
  TensorId constant(BuildContext& ctx, const std::string& name, const Shape& shape) {
    const std::string key = name + shape.to_string();
    auto it = m_constants.find(key);
    if (it == m_constants.end()) it = m_constants.emplace(key, ctx.b.constant(key, shape)).first;
    return it->second;
  }

  TensorId causal_mask(BuildContext& ctx) { return constant(ctx, "causal_mask", Shape{1, ctx.seq, 1, ctx.seq}); }

  LayoutPrinciples m_principles;
  std::map<std::string, TensorId> m_constants;
};

}  // namespace

std::unique_ptr<LayoutStrategy> make_ane_layout() { return std::make_unique<AneLayout>(k_ane_principles); }
std::unique_ptr<LayoutStrategy> make_bc1s_layout(const LayoutPrinciples& principles) {
  return std::make_unique<AneLayout>(principles);
}
}  // namespace anesim
