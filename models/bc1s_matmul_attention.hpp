#pragma once
// Attention in the (B,C,1,S) layout before the seed's einsums (layout switches bc1s, heads; not
// einsum; models/layout_principles.hpp): what a port writes when it keeps PyTorch's matmuls,
// viewing channels as (heads, head_dim) and transposing the query, the values and the context
// around them, as the baseline does. Fused over all heads as one (B,H,S,S) product, or split per
// head on channels (the `heads` switch) into H (B,1,S,S) products.
#include <string>

#include "models/layout_principles.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

struct AttentionInputs {
  TensorId q, k, v;           // (B,H*D,1,S), (B,Hkv*D,1,Sk), (B,Hkv*D,1,Sk), Sk the keys (the cache in decode)
  TensorId mask = k_none;          // keys-last additive (B,1,1,Sk)
  TensorId replace_mask = k_none;  // or the raw (B,S) mask a `replace` model's masked_fill reads
  TensorId causal = k_none;   // (1,1,S,S) when causal prefill
};

// The merged context, (B,H*D,1,S).
[[nodiscard]] TensorId matmul_attention(BuildContext& ctx, const AttentionInputs& in, const std::string& prefix,
                                        const LayoutPrinciples& principles);

}  // namespace anesim
