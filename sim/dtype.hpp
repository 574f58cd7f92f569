#pragma once
// Element types a tensor can hold, and their sizes.
#include <cstdint>
#include <string>
#include <string_view>

namespace anesim {

enum class DType : std::uint8_t { fp16, fp32, int32, int8, uint8, boolean };

[[nodiscard]] std::int64_t dtype_bytes(DType type);
[[nodiscard]] std::string_view dtype_name(DType type);
// Throws anesim::Error naming the valid choices.
[[nodiscard]] DType parse_dtype(std::string_view name);

}  // namespace anesim
