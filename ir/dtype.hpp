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
// The most elements a tensor may have (Shape::k_max_elements too): 2^40, 2 TiB at fp16, past
// the memory of any Apple device, and small enough that a tensor's bytes (x 4 for fp32, up to
// x 64 for last-axis padding) and sums of them over a graph's tensors stay inside 64 bits.
inline constexpr std::int64_t k_max_storage_elements = std::int64_t{1} << 40;
// Throws anesim::Error naming the element count and the largest accepted (out of line: cold path).
[[noreturn]] void throw_storage_size_error(std::int64_t elements, DType type);
// Bytes of `elements` packed values, rounded up to whole bytes.
[[nodiscard]] constexpr std::int64_t storage_bytes(std::int64_t elements, DType type) {
  if (elements < 0 || elements > k_max_storage_elements) throw_storage_size_error(elements, type);
  return (elements * dtype_bits(type) + 7) / 8;
}
[[nodiscard]] std::string_view dtype_name(DType type);
// Throws anesim::Error naming the valid choices.
[[nodiscard]] DType parse_dtype(std::string_view name);

}  // namespace anesim
