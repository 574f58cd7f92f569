#pragma once
// Token + learned position embeddings as both layouts trace them (Hugging Face's
// Embeddings.forward, which ml-ane-transformers inherits): (B,S) ids -> (B,S,C).
#include "models/layout_strategy.hpp"

namespace anesim {

[[nodiscard]] TensorId embed_tokens(BuildContext& ctx, TensorId ids);
// Scalar-operand attributes, for `x * 0.125` and friends.
[[nodiscard]] OpAttrs scalar_attrs(double value);

}  // namespace anesim
