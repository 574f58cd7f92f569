#pragma once
// The sizes of a run a caller may set (batch, seq, kv_len): their bounds, the KV-cache length a
// decode run takes when none is given, and the check that a size the caller did set is used.
// The CLI, the Python module and sweep files share them, so one input means the same everywhere.
#include <cstdint>
#include <optional>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"

namespace anesim {

// Core ML compiles one ANE program per input shape, and on-device batches are small; 4096 (the
// sweep files' bound since they exist) is far past any measured batch and, with the per-tensor
// bound (ir/dtype.hpp), keeps every size product inside 64 bits.
inline constexpr std::int64_t k_max_batch = 4096;
// The KV cache a decode run holds when none is asked for.
inline constexpr std::int64_t k_default_kv_len = 1024;

// 1024, or the model's limit (max_positions - 1: the cache plus the new token) when that is
// smaller, so that the default is valid for every model (gpt2 has 1024 positions).
[[nodiscard]] std::int64_t default_kv_len(const ModelSpec& model);

// What a caller set explicitly (a CLI flag, a Python argument); nullopt when left to the default.
struct GivenSizes {
  std::optional<std::int64_t> seq;
  std::optional<std::int64_t> kv_len;
};

// Throws anesim::Error when a size that was set would be ignored: kv_len outside decode, seq in
// decode (one new token a sequence), or a seq other than the one a ViT's image or a Whisper
// encoder's audio fixes.
void check_given_sizes(const ModelSpec& model, Phase phase, const GivenSizes& given);

}  // namespace anesim
