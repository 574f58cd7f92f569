#include "models/transformer_builder.hpp"

#include "models/embeddings.hpp"
#include "sim/error.hpp"

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
    const TensorId gate = layout.project(ctx, x, c, f, p + "ffn.gate", m.bias);
    const TensorId up = layout.project(ctx, x, c, f, p + "ffn.up", m.bias);
    const TensorId act = ctx.b.op(p + "ffn.silu", OpKind::silu, {gate});
    const TensorId h = ctx.b.op(p + "ffn.gate_mul", OpKind::mul, {act, up});
    return layout.project(ctx, h, f, c, p + "ffn.down", m.bias);
  }
  TensorId h = layout.project(ctx, x, c, f, p + "ffn.lin1", m.bias);
  h = ctx.b.op(p + "ffn." + std::string(op_kind_name(activation_op(m.activation))), activation_op(m.activation), {h});
  return layout.project(ctx, h, f, c, p + "ffn.lin2", m.bias);
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
      TensorId h = layout.project(ctx, layout.first_token(ctx, x), c, c, "head.pre_classifier", true);
      h = ctx.b.op("head.relu", OpKind::relu, {h});
      return layout.leave(ctx, layout.project(ctx, h, c, m.num_labels, "head.classifier", true));
    }
    case HeadKind::lm_head:
      return layout.project(ctx, x, c, m.vocab_size, "lm_head", false, m.tied_embeddings ? word_table : k_none);
  }
  return x;
}

}  // namespace

Graph build_transformer(const ModelSpec& model, const std::string& layout_name, std::int64_t batch, std::int64_t seq,
                        const BuildOptions& options) {
  if (batch < 1) throw Error("batch " + std::to_string(batch) + " is not positive", "use --batch 1 or more");
  if (options.phase == Phase::decode) {
    if (!model.is_decoder()) {
      throw Error(model.name + " is an encoder: it has no decode phase", "use --phase prefill, or a decoder model");
    }
    if (options.kv_len < 1 || options.kv_len + 1 > model.max_positions) {
      throw Error("KV-cache length " + std::to_string(options.kv_len) + " is out of range for " + model.name,
                  "use --kv-len 1 to " + std::to_string(model.max_positions - 1));
    }
    seq = 1;  // one new token per sequence
  }
  if (seq < 1) throw Error("sequence length " + std::to_string(seq) + " is not positive", "use --seq 1 or more");
  if (seq > model.max_positions) {
    throw Error("sequence length " + std::to_string(seq) + " exceeds " + model.name + "'s " +
                    std::to_string(model.max_positions) + " positions",
                "use --seq " + std::to_string(model.max_positions) + " or less");
  }
  if (!(options.sparsity >= 0 && options.sparsity < 1)) {
    throw Error("sparsity " + std::to_string(options.sparsity) + " is not in [0, 1)", "use --sparsity 0 (dense) up to 0.99");
  }
  if (options.weight_dtype != DType::fp16 && options.weight_dtype != DType::int8 && options.weight_dtype != DType::int4) {
    throw Error("weights cannot be " + std::string(dtype_name(options.weight_dtype)), "use --weights fp16, int8 or int4");
  }
  auto layout = make_layout(layout_name);
  GraphBuilder b;
  BuildContext ctx{b, model, batch, seq, options};

  const TensorId ids = b.input("input_ids", Shape{batch, seq}, DType::int32);
  const TensorId types = model.token_types > 1 ? b.input("token_type_ids", Shape{batch, seq}, DType::int32) : k_none;
  // Core ML hands the ANE the int32 attention mask as fp16 (its input casts are converter ops
  // the research could not count, distilbert_graphs.md §5.1).
  const TensorId mask =
      model.padding_mask == PaddingMask::none ? k_none : b.input("attention_mask", Shape{batch, seq}, DType::fp16);

  EmbeddingTables tables;
  TensorId x = layout->enter(ctx, embed_tokens(ctx, ids, types, tables));
  if (model.embedding_norm) x = layout->norm(ctx, x, "embeddings.layer_norm");
  const TensorId layer_mask = model.padding_mask == PaddingMask::additive ? layout->prepare_mask(ctx, mask) : mask;

  for (std::int64_t l = 0; l < model.layers; ++l) {
    const std::string p = "layer" + std::to_string(l) + ".";
    if (model.norm_placement == NormPlacement::post) {
      x = b.op(p + "sa_residual", OpKind::add, {layout->attention(ctx, x, layer_mask, p + "attention."), x});
      x = layout->norm(ctx, x, p + "sa_layer_norm");
      x = b.op(p + "output_residual", OpKind::add, {feed_forward(ctx, *layout, x, p), x});
      x = layout->norm(ctx, x, p + "output_layer_norm");
    } else {
      const TensorId attn_in = layout->norm(ctx, x, p + "attention_norm");
      x = b.op(p + "sa_residual", OpKind::add, {x, layout->attention(ctx, attn_in, layer_mask, p + "attention.")});
      const TensorId ffn_in = layout->norm(ctx, x, p + "ffn_norm");
      x = b.op(p + "output_residual", OpKind::add, {x, feed_forward(ctx, *layout, ffn_in, p)});
    }
  }
  if (model.norm_placement == NormPlacement::pre) x = layout->norm(ctx, x, "final_norm");
  b.output(head(ctx, *layout, x, tables.word));
  return b.finish();
}

}  // namespace anesim
