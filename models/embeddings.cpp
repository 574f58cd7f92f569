#include "models/embeddings.hpp"

namespace anesim {

TensorId embed_tokens(BuildContext& ctx, TensorId ids, TensorId token_type_ids, EmbeddingTables& tables) {
  auto& b = ctx.b;
  const auto& m = ctx.model;
  const std::int64_t c = m.hidden_size;
  // The token table is quantized with the projections (an lm_head may share it), not pruned.
  tables.word = b.weight("embeddings.word_embeddings", Shape{m.vocab_size, c}, ctx.options.weight_dtype);
  TensorId x = b.op("embeddings.word_gather", OpKind::gather, {tables.word, ids});
  if (m.token_types == 1) {
    // One segment: every id is 0, so the converter folds the lookup into a constant row.
    const TensorId types = b.folded_constant("embeddings.token_type_constant", Shape{1, 1, c}, c);
    x = b.op("embeddings.add_token_type", OpKind::add, {x, types});
  } else if (m.token_types > 1) {
    const TensorId table = b.weight("embeddings.token_type_embeddings", Shape{m.token_types, c});
    const TensorId types = b.op("embeddings.token_type_gather", OpKind::gather, {table, token_type_ids});
    x = b.op("embeddings.add_token_type", OpKind::add, {x, types});
  }
  if (m.position == PositionKind::learned) {
    TensorId positions;
    if (ctx.options.fold_position_gather) {
      // Position ids are 0..S-1, a constant: the converter folds the lookup into a (1,S,C) constant.
      positions = b.folded_constant("embeddings.position_constant", Shape{1, ctx.seq, c}, m.max_positions * c);
    } else {
      const TensorId table = b.weight("embeddings.position_embeddings", Shape{m.max_positions, c});
      const TensorId pos_ids = b.constant("embeddings.position_ids", Shape{1, ctx.seq}, DType::int32);
      positions = b.op("embeddings.position_gather", OpKind::gather, {table, pos_ids});
    }
    x = b.op("embeddings.add", OpKind::add, {x, positions});
  }
  return x;
}

}  // namespace anesim
