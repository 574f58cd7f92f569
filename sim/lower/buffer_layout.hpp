#pragma once
// How a tensor sits in an ANE buffer (modelling rule 1): rank right-aligned into (N, C, H, W), W is
// the last axis, and each W row is padded up to the chip's last-axis alignment. Higher ranks fold
// their leading axes into N. CPU buffers are packed: their allocated bytes equal the logical ones.
#include <array>
#include <cstdint>

#include "ir/dtype.hpp"
#include "ir/shape.hpp"

namespace anesim {

struct BufferLayout {
  std::array<std::int64_t, 4> nchw{1, 1, 1, 1};
  std::int64_t row_bytes = 0;         // logical bytes of one W row
  std::int64_t padded_row_bytes = 0;  // row_bytes rounded up to the alignment
  std::int64_t logical_bytes = 0;
  std::int64_t allocated_bytes = 0;

  [[nodiscard]] std::int64_t rows() const { return nchw[0] * nchw[1] * nchw[2]; }
  [[nodiscard]] double padding_factor() const {
    return logical_bytes ? static_cast<double>(allocated_bytes) / static_cast<double>(logical_bytes) : 1.0;
  }
};

// alignment_bytes must be a power of two; 1 gives a packed (CPU) layout.
[[nodiscard]] BufferLayout ane_buffer_layout(const Shape& shape, DType type, std::int64_t alignment_bytes);
[[nodiscard]] BufferLayout packed_layout(const Shape& shape, DType type);

}  // namespace anesim
