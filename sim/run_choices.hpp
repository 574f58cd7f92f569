#pragma once
// The words a run request takes for its phase and its weight precision, defined once for every
// reader of them: the CLI's flags, the sweep and validation files, the model file, the Python
// module and RunResult's labels.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/dtype.hpp"

namespace anesim {

// Decoders run in two phases: prefill reads the whole prompt and writes the KV cache; decode
// reads one new token per sequence and attends over the cache.
enum class Phase : std::uint8_t { prefill, decode };

inline constexpr std::array<std::string_view, 2> k_phase_names{"prefill", "decode"};  // by Phase

[[nodiscard]] constexpr std::string_view phase_name(Phase phase) { return k_phase_names[static_cast<std::size_t>(phase)]; }
// A phase label (RunResult::phase, a sweep point's, a checked flag) back as a Phase. Labels are
// checked against k_phase_names where they are read, so anything but "decode" is a prefill.
[[nodiscard]] constexpr Phase phase_of(std::string_view label) {
  return label == phase_name(Phase::decode) ? Phase::decode : Phase::prefill;
}
[[nodiscard]] constexpr bool is_decode(std::string_view label) { return phase_of(label) == Phase::decode; }

// The precisions weights may be stored in (rule 8): a subset of the element types, spelt as dtypes.
inline constexpr std::array<DType, 3> k_weight_dtypes{DType::fp16, DType::int8, DType::int4};

[[nodiscard]] inline std::vector<std::string> phase_names() { return {k_phase_names.begin(), k_phase_names.end()}; }

[[nodiscard]] inline std::vector<std::string> weight_precision_names() {
  std::vector<std::string> names;
  for (const DType type : k_weight_dtypes) names.emplace_back(dtype_name(type));
  return names;
}

[[nodiscard]] inline bool is_weight_precision(std::string_view name) {
  for (const DType type : k_weight_dtypes) {
    if (dtype_name(type) == name) return true;
  }
  return false;
}

}  // namespace anesim
