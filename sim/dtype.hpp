#pragma once
// Element types a tensor can hold, and their sizes.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace anesim {

// int4 holds palettized or quantized weights (two per byte); activations are never int4.
enum class DType : std::uint8_t { fp16, fp32, int32, int8, uint8, boolean, int4 };

// Bits per element, by DType; inline because every buffer size needs it.
inline constexpr std::array<std::int64_t, 7> k_dtype_bits{16, 32, 32, 8, 8, 8, 4};
[[nodiscard]] constexpr std::int64_t dtype_bits(DType type) { return k_dtype_bits[static_cast<std::size_t>(type)]; }
// Bytes of `elements` packed values, rounded up to whole bytes.
[[nodiscard]] constexpr std::int64_t storage_bytes(std::int64_t elements, DType type) {
  return (elements * dtype_bits(type) + 7) / 8;
}
[[nodiscard]] std::string_view dtype_name(DType type);
// Throws anesim::Error naming the valid choices.
[[nodiscard]] DType parse_dtype(std::string_view name);

}  // namespace anesim
