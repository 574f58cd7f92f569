#include "models/transformer_builder.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/attention_extras.hpp"
#include "models/embeddings.hpp"
#include "models/run_sizes.hpp"
#include "core/error.hpp"

namespace anesim {

namespace {

OpKind activation_op(Activation a) {
  switch (a) {
    case Activation::relu: return OpKind::relu;
    case Activation::silu: return OpKind::silu;
    default: return OpKind::gelu;  // exact and tanh forms cost the same
  }
}

TensorId feed_forward(BuildContext& ctx, LayoutStrategy& layout, TensorId x, const std::string& p) {
  const auto& m = ctx.model;
  const std::int64_t c = m.hidden_size, f = m.ffn_size;
  if (m.ffn == FfnKind::swiglu) {
    // Gated: SiLU for SwiGLU (Llama), GELU for GeGLU (Gemma), on the gate only.
    const TensorId gate = layout.project(ctx, x, c, f, p + "ffn.gate", m.bias);
    const TensorId up = layout.project(ctx, x, c, f, p + "ffn.up", m.bias);
    const OpKind gate_act = activation_op(m.activation);
    const TensorId act = ctx.b.op({p, "ffn.", op_kind_name(gate_act)}, gate_act, {gate});
    const TensorId h = ctx.b.op({p, "ffn.gate_mul"}, OpKind::mul, {act, up});
    return layout.project(ctx, h, f, c, p + "ffn.down", m.bias);
  }
  TensorId h = layout.project(ctx, x, c, f, p + "ffn.lin1", m.bias);
  h = ctx.b.op({p, "ffn.", op_kind_name(activation_op(m.activation))}, activation_op(m.activation), {h});
  return layout.project(ctx, h, f, c, p + "ffn.lin2", m.bias);
}

// ViT: a strided convolution cuts the image into patches, a class token is prepended and learned
// positions added. Whisper: two 1x3 convolutions (the second halves the frames), then positions.
TensorId embed_signal(BuildContext& ctx, LayoutStrategy& layout) {
  auto& b = ctx.b;
  const auto& m = ctx.model;
  const std::int64_t c = m.hidden_size, B = ctx.batch, S = m.fixed_sequence();
  TensorId x;
  if (m.input == InputKind::image) {
    const std::int64_t p = m.patch_size, n = m.image_size / p;
    const TensorId pixels = b.input("pixel_values", Shape{B, m.channels, m.image_size, m.image_size}, DType::fp16);
    const TensorId w = ctx.kernel("embeddings.patch.weight", Shape{c, m.channels, p, p});
    const TensorId patches = b.op("embeddings.patch", OpKind::conv2d, {pixels, w, b.weight("embeddings.patch.bias", Shape{c})},
                                  ints_attrs({p, p, p, p, 0, 0}));
    const TensorId flat = b.op("embeddings.patch_flatten", OpKind::reshape, {patches}, ints_attrs({B, c, 1, n * n}));
    x = layout.sequence_from_channels(ctx, flat);
    TensorId cls = b.weight("embeddings.class_token", layout.activation_shape(1, 1, c));
    if (B > 1) {
      std::vector<std::int64_t> reps(static_cast<std::size_t>(b.shape(cls).rank()), 1);
      reps[0] = B;
      cls = b.op("embeddings.class_token_expand", OpKind::tile, {cls}, ints_attrs(reps));
    }
    x = b.op("embeddings.prepend_class_token", OpKind::concat, {cls, x}, axis_attrs(layout.sequence_axis()));
  } else {
    const TensorId mel = b.input("input_features", Shape{B, m.mel_bins, 1, m.audio_frames}, DType::fp16);
    TensorId h = b.op("embeddings.conv1", OpKind::conv2d,
                      {mel, ctx.kernel("embeddings.conv1.weight", Shape{c, m.mel_bins, 1, 3}), b.weight("embeddings.conv1.bias", Shape{c})},
                      ints_attrs({1, 3, 1, 1, 0, 1}));
    h = b.op("embeddings.conv1_gelu", OpKind::gelu, {h});
    h = b.op("embeddings.conv2", OpKind::conv2d,
             {h, ctx.kernel("embeddings.conv2.weight", Shape{c, c, 1, 3}), b.weight("embeddings.conv2.bias", Shape{c})},
             ints_attrs({1, 3, 1, 2, 0, 1}));
    h = b.op("embeddings.conv2_gelu", OpKind::gelu, {h});
    x = layout.sequence_from_channels(ctx, h);
  }
  // Learned (ViT) or fixed sinusoidal (Whisper, stored as a parameter) positions, added whole.
  const TensorId positions = b.weight("embeddings.positions", layout.activation_shape(1, S, c));
  return b.op("embeddings.add_positions", OpKind::add, {x, positions});
}

TensorId head(BuildContext& ctx, LayoutStrategy& layout, TensorId x, TensorId word_table) {
  const auto& m = ctx.model;
  const std::int64_t c = m.hidden_size;
  switch (m.head) {
    case HeadKind::none: return x;
    case HeadKind::pooler: {
      const TensorId h = layout.project(ctx, layout.first_token(ctx, x), c, c, "pooler.dense", true);
      return layout.leave(ctx, ctx.b.op("pooler.tanh", OpKind::tanh, {h}));
    }
    case HeadKind::classifier: {
      TensorId h = layout.first_token(ctx, x);
      if (m.pre_classifier) {
        h = layout.project(ctx, h, c, c, "head.pre_classifier", true);
        h = ctx.b.op("head.relu", OpKind::relu, {h});
      }
      return layout.leave(ctx, layout.project(ctx, h, c, m.num_labels, "head.classifier", true));
    }
    case HeadKind::lm_head: {
      const TensorId logits = layout.project(ctx, x, c, m.vocab_size, "lm_head", false, m.tied_embeddings ? word_table : k_none);
      return soft_cap(ctx, logits, m.final_softcap, "lm_head.softcap");
    }
  }
  return x;
}

// One block: post-norm (BERT) norms after each residual add; pre-norm (GPT, Llama) before each
// block; sandwich (Gemma2) both before the block and on its output, before the add.
TensorId layer(BuildContext& ctx, LayoutStrategy& layout, TensorId x, TensorId mask, const std::string& p) {
  auto& b = ctx.b;
  if (ctx.model.norm_placement == NormPlacement::post) {
    x = b.op({p, "sa_residual"}, OpKind::add, {layout.attention(ctx, x, mask, p + "attention."), x});
    x = layout.norm(ctx, x, p + "sa_layer_norm");
    x = b.op({p, "output_residual"}, OpKind::add, {feed_forward(ctx, layout, x, p), x});
    return layout.norm(ctx, x, p + "output_layer_norm");
  }
  const bool sandwich = ctx.model.norm_placement == NormPlacement::sandwich;
  TensorId attn = layout.attention(ctx, layout.norm(ctx, x, p + "attention_norm"), mask, p + "attention.");
  if (sandwich) attn = layout.norm(ctx, attn, p + "post_attention_norm");
  x = b.op({p, "sa_residual"}, OpKind::add, {x, attn});
  TensorId ffn = feed_forward(ctx, layout, layout.norm(ctx, x, p + "ffn_norm"), p);
  if (sandwich) ffn = layout.norm(ctx, ffn, p + "post_ffn_norm");
  return b.op({p, "output_residual"}, OpKind::add, {x, ffn});
}

// Beyond a sliding window attention is banded, which the builder does not model: say so.
void check_sequence_limit(const ModelSpec& model, std::int64_t seq) {
  if (seq <= model.position_limit()) return;
  const bool window = model.attention_window == model.position_limit();
  throw Error("sequence length " + std::to_string(seq) + " exceeds " + model.name + "'s " +
                  std::to_string(model.position_limit()) + (window ? "-token attention window" : " positions"),
              "use seq " + std::to_string(model.position_limit()) + " or less" +
                  (window ? " (beyond its window attention is banded, which anesim does not model)" : ""));
}

}  // namespace

Graph build_transformer(const ModelSpec& model, const std::string& layout_name, std::int64_t batch, std::int64_t seq,
                        const BuildOptions& options, LayerCopies copies, std::int64_t* copied_layers) {
  if (batch < 1) throw Error("batch " + std::to_string(batch) + " is not positive", "use batch 1 or more (1, 2, 4, 8, ...)");
  if (batch > k_max_batch) {  // bounded up front: models/run_sizes.hpp says why
    throw Error(fmt::format("batch {} is above {}, the largest anesim accepts", batch, k_max_batch),
                fmt::format("use batch 1 to {}", k_max_batch));
  }
  if (options.phase == Phase::decode) {
    if (!model.is_decoder()) {
      throw Error(model.name + " is an encoder: it has no decode phase", "use phase prefill, or a decoder model");
    }
    if (options.kv_len < 1 || options.kv_len > model.position_limit() - 1) {  // no +1: kv_len may be near 2^63
      throw Error("KV-cache length " + std::to_string(options.kv_len) + " is out of range for " + model.name,
                  "use kv_len 1 to " + std::to_string(model.position_limit() - 1));
    }
    seq = 1;  // one new token per sequence
  }
  if (model.fixed_sequence() > 0) seq = model.fixed_sequence();  // the image or the audio sets it
  if (seq < 1) throw Error("sequence length " + std::to_string(seq) + " is not positive", "use seq 1 or more (32, 64, 128, ...)");
  check_sequence_limit(model, seq);
  if (!(options.sparsity >= 0 && options.sparsity <= 0.99)) {  // the model file's range
    throw Error(fmt::format("sparsity {:g} is not in [0, 0.99]", options.sparsity), "use sparsity 0 (dense) up to 0.99");
  }
  if (options.weight_dtype != DType::fp16 && options.weight_dtype != DType::int8 && options.weight_dtype != DType::int4) {
    throw Error("weights cannot be " + std::string(dtype_name(options.weight_dtype)), "use weights fp16, int8 or int4");
  }
  // A graph holds a few hundred bytes per op: refuse what would exhaust memory or take minutes,
  // before building any of it. The ANE layout emits about 6 ops per head per layer.
  constexpr std::int64_t k_max_ops = 2'000'000;
  // Checked: a Model edited in Python has no loader bounds, and a wrapped product would pass.
  std::int64_t per_layer = 0, estimated_ops = 0;
  const bool overflow = __builtin_mul_overflow(model.heads, 6, &per_layer) || __builtin_add_overflow(per_layer, 64, &per_layer) ||
                        __builtin_mul_overflow(model.layers, per_layer, &estimated_ops) ||
                        __builtin_add_overflow(estimated_ops, 64, &estimated_ops);
  if (overflow || estimated_ops > k_max_ops) {
    const std::string size = overflow ? "more than " + std::to_string(k_max_ops) : "about " + std::to_string(estimated_ops);
    throw Error(model.name + " would build a graph of " + size + " ops (" +
                    std::to_string(model.layers) + " layers x " + std::to_string(model.heads) + " heads)",
                "anesim builds up to " + std::to_string(k_max_ops) + " ops; use fewer layers or heads");
  }
  auto layout = make_layout(layout_name);
  GraphBuilder b;
  b.reserve(static_cast<std::size_t>(estimated_ops));
  BuildContext ctx{b, model, batch, seq, options};

  const bool text = model.input == InputKind::tokens;
  const TensorId ids = text ? b.input("input_ids", Shape{batch, seq}, DType::int32) : k_none;
  const TensorId types = model.token_types > 1 ? b.input("token_type_ids", Shape{batch, seq}, DType::int32) : k_none;
  // Core ML hands the ANE the int32 attention mask as fp16 (its input casts are converter ops
  // the research could not count, distilbert_graphs.md §5.1).
  const TensorId mask =
      model.padding_mask == PaddingMask::none ? k_none : b.input("attention_mask", Shape{batch, seq}, DType::fp16);

  EmbeddingTables tables;
  TensorId x = text ? layout->enter(ctx, embed_tokens(ctx, ids, types, tables)) : embed_signal(ctx, *layout);
  // Gemma: embeddings times sqrt(hidden_size) (GemmaModel's normalizer).
  if (model.scale_embeddings) x = b.op("embeddings.scale", OpKind::mul, {x}, scalar_attrs(std::sqrt(static_cast<double>(model.hidden_size))));
  if (model.embedding_norm) x = layout->norm(ctx, x, "embeddings.layer_norm");
  const TensorId layer_mask = model.padding_mask == PaddingMask::additive ? layout->prepare_mask(ctx, mask) : mask;

  RepeatedLayers layers(b, copies);
  for (std::int64_t l = 0; l < model.layers; ++l) {
    const std::string p = "layer" + std::to_string(l) + ".";
    x = layers.next(x, p, [&](TensorId in) { return layer(ctx, *layout, in, layer_mask, p); });
  }
  if (model.norm_placement != NormPlacement::post) x = layout->norm(ctx, x, "final_norm");
  b.output(head(ctx, *layout, x, tables.word));
  if (copied_layers) *copied_layers = layers.copied_layers();
  return b.finish();
}

}  // namespace anesim
