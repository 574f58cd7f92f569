#pragma once
// The sizes of a run a caller may set (batch, seq, kv_len): their bounds, the KV-cache length a
// decode run takes when none is given, and the check that a size the caller did set is used.
// The CLI, the Python module and sweep files share them, so one input means the same everywhere.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"

namespace anesim {

// Core ML compiles one ANE program per input shape, and on-device batches are small; 4096 (the
// sweep files' bound since they exist) is far past any measured batch and, with the per-tensor
// bound (ir/dtype.hpp), keeps every size product inside 64 bits.
inline constexpr std::int64_t k_max_batch = 4096;
// The KV cache a decode run holds when none is asked for.
inline constexpr std::int64_t k_default_kv_len = 1024;

// The largest size a symbolic ONNX axis may be bound to: 2^24, the sweep files' kv_len bound, far
// past any image side or sequence and, with the per-tensor bound (ir/dtype.hpp), inside 64 bits.
inline constexpr std::int64_t k_max_dim = std::int64_t{1} << 24;

// Symbolic ONNX axes (`dim_param`) bound by name: `--dim width=224`, a sweep file's `dims:`
// mapping, Python's dims={"width": 224}. A binding wins over the name rule of
// docs/onnx-import.md (batch, seq); the run's batch and seq labels stay --batch's and --seq's.
using DimBindings = std::map<std::string, std::int64_t>;

// Throws anesim::Error when `dims` cannot apply to `model`: a value outside [1, k_max_dim], a model
// that is not an ONNX file, or a name the file has no symbolic axis for (the hint lists its names).
void check_dim_bindings(const ModelSpec& model, const DimBindings& dims);

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
