#pragma once
// Token, segment and learned position embeddings as Hugging Face's Embeddings.forward traces
// them (ml-ane-transformers inherits it): (B,S) ids -> (B,S,C). The gathers run on the CPU.
#include "models/layout_strategy.hpp"

namespace anesim {

struct EmbeddingTables {
  TensorId word = k_none;  // (V, C); an lm_head may share it
};

[[nodiscard]] TensorId embed_tokens(BuildContext& ctx, TensorId ids, TensorId token_type_ids, EmbeddingTables& tables);

}  // namespace anesim
