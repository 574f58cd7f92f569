#pragma once
// Element types a tensor can hold, and their sizes.
#include <cstdint>
#include <string>
#include <string_view>

namespace anesim {

// int4 holds palettized or quantized weights (two per byte); activations are never int4.
enum class DType : std::uint8_t { fp16, fp32, int32, int8, uint8, boolean, int4 };

[[nodiscard]] std::int64_t dtype_bits(DType type);
// Bytes of `elements` packed values, rounded up to whole bytes.
[[nodiscard]] std::int64_t storage_bytes(std::int64_t elements, DType type);
[[nodiscard]] std::string_view dtype_name(DType type);
// Throws anesim::Error naming the valid choices.
[[nodiscard]] DType parse_dtype(std::string_view name);

}  // namespace anesim
