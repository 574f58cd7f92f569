#pragma once
// Folds a layer's repeated ops into one line: names that differ only by a layer index
// ("layer.3.attn.q", "layer.4.attn.q") become one group ("layer.*.attn.q", 2).
#include <string>
#include <string_view>
#include <vector>

#include "advice/finding.hpp"

namespace anesim {

// `name` with its layer index replaced by "*": the first part (parts end at '.' or, in ONNX node
// names, '/'), other than the last, that is a number ("layer.3.attn.q") or ends in one
// ("layer3.attn.q", "/encoder/layers/encoder_layer_3/mlp/MatMul"). Only the first, so that
// "ffn.lin1" and "ffn.lin2" in one layer stay apart; never the last part ("to_fp16" is a dtype).
[[nodiscard]] std::string folded_op_name(std::string_view name);

// Groups in the order their first name appears, so the output follows execution order.
[[nodiscard]] std::vector<OpGroup> fold_op_names(const std::vector<std::string_view>& names);

}  // namespace anesim
