#include "models/transformer_builder.hpp"

#include "sim/error.hpp"

namespace anesim {

Graph build_transformer(const ModelSpec& model, const std::string& layout_name, std::int64_t batch, std::int64_t seq,
                        const BuildOptions& options) {
  if (batch < 1) throw Error("batch " + std::to_string(batch) + " is not positive", "use --batch 1 or more");
  if (seq < 1) throw Error("sequence length " + std::to_string(seq) + " is not positive", "use --seq 1 or more");
  if (seq > model.max_positions) {
    throw Error("sequence length " + std::to_string(seq) + " exceeds " + model.name + "'s " +
                    std::to_string(model.max_positions) + " positions",
                "use --seq " + std::to_string(model.max_positions) + " or less");
  }
  auto layout = make_layout(layout_name);
  GraphBuilder b;
  BuildContext ctx{b, model, batch, seq, options};

  // Core ML hands the ANE the int32 attention mask as fp16 (its input casts are converter ops
  // the research could not count, distilbert_graphs.md §5.1); the ids feed the CPU gather.
  const TensorId ids = b.input("input_ids", Shape{batch, seq}, DType::int32);
  const TensorId mask = b.input("attention_mask", Shape{batch, seq}, DType::fp16);

  TensorId x = layout->embed(ctx, ids);
  const OpKind act = model.activation == "relu" ? OpKind::relu : OpKind::gelu;
  for (std::int64_t l = 0; l < model.layers; ++l) {
    const std::string p = "layer" + std::to_string(l) + ".";
    const TensorId attn = layout->attention(ctx, x, mask, p + "attention.");
    x = b.op(p + "sa_residual", OpKind::add, {attn, x});
    x = layout->norm(ctx, x, p + "sa_layer_norm");
    TensorId h = layout->project(ctx, x, model.hidden_size, model.ffn_size, p + "ffn.lin1");
    h = b.op(p + "ffn." + (act == OpKind::gelu ? "gelu" : "relu"), act, {h});
    h = layout->project(ctx, h, model.ffn_size, model.hidden_size, p + "ffn.lin2");
    x = b.op(p + "output_residual", OpKind::add, {h, x});
    x = layout->norm(ctx, x, p + "output_layer_norm");
  }
  b.output(layout->classify(ctx, x));
  return b.finish();
}

}  // namespace anesim
