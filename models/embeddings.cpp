#include "models/embeddings.hpp"

namespace anesim {

OpAttrs scalar_attrs(double value) {
  OpAttrs a;
  a.scalar = value;
  a.has_scalar = true;
  return a;
}

TensorId embed_tokens(BuildContext& ctx, TensorId ids) {
  auto& b = ctx.b;
  const auto& m = ctx.model;
  const TensorId table = b.weight("embeddings.word_embeddings", Shape{m.vocab_size, m.hidden_size});
  const TensorId words = b.op("embeddings.word_gather", OpKind::gather, {table, ids});
  TensorId positions;
  if (ctx.options.fold_position_gather) {
    // Position ids are 0..S-1, a constant: the converter folds the lookup into a (1,S,C) constant.
    positions = b.folded_constant("embeddings.position_constant", Shape{1, ctx.seq, m.hidden_size},
                                  m.max_positions * m.hidden_size);
  } else {
    const TensorId pos_table = b.weight("embeddings.position_embeddings", Shape{m.max_positions, m.hidden_size});
    const TensorId pos_ids = b.constant("embeddings.position_ids", Shape{1, ctx.seq}, DType::int32);
    positions = b.op("embeddings.position_gather", OpKind::gather, {pos_table, pos_ids});
  }
  return b.op("embeddings.add", OpKind::add, {words, positions});
}

}  // namespace anesim
