#pragma once
// The two ways a padding mask reaches the scores, shared by the layouts (models/layout_principles.hpp's
// `mask` switch picks one): an fp16 additive mask, or DistilBERT's masked_fill from a bool tensor
// (`mask == 0`, rebuilt in every layer), whose bool ops the ANE cannot run (rule 7: the CPU).
#include <cstdint>
#include <string>
#include <vector>

#include "models/layout_strategy.hpp"

namespace anesim {

// BERT's get_extended_attention_mask with keys on the last axis: (1 - mask) * -1e4 as (B,1,1,S).
[[nodiscard]] TensorId keys_last_additive_mask(BuildContext& ctx, TensorId mask, const std::string& prefix);

// masked_fill's inputs: the bool mask viewed as `view` and tiled by `tile` to the scores' shape,
// and the fill value (the full shape when the converter folds it to a constant, else a scalar).
struct BoolMask {
  TensorId full = k_none;
  TensorId fill = k_none;
};
[[nodiscard]] BoolMask bool_mask(BuildContext& ctx, TensorId mask, const std::string& prefix, std::vector<std::int64_t> view,
                                 std::vector<std::int64_t> tile);

}  // namespace anesim
