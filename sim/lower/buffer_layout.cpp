#include "sim/lower/buffer_layout.hpp"

#include "core/error.hpp"

namespace anesim {

BufferLayout ane_buffer_layout(const Shape& shape, DType type, std::int64_t alignment_bytes) {
  if (alignment_bytes <= 0 || (alignment_bytes & (alignment_bytes - 1)) != 0) {
    throw Error("last-axis alignment " + std::to_string(alignment_bytes) + " is not a power of two",
                "set last_axis_alignment_bytes to 1, 2, 4, ..., 64, ...");
  }
  BufferLayout layout;
  const std::size_t rank = shape.rank();
  // Right-align: the last logical axis becomes W, the one before H, then C; the rest fold into N.
  const std::size_t folded = rank > 3 ? rank - 3 : 0;
  for (std::size_t i = 0; i < folded; ++i) layout.nchw[0] *= shape[i];
  for (std::size_t i = folded; i < rank; ++i) layout.nchw[i + 4 - rank] = shape[i];
  layout.row_bytes = storage_bytes(layout.nchw[3], type);
  layout.padded_row_bytes = (layout.row_bytes + alignment_bytes - 1) / alignment_bytes * alignment_bytes;
  layout.logical_bytes = storage_bytes(shape.elements(), type);
  layout.allocated_bytes = layout.rows() * layout.padded_row_bytes;
  return layout;
}

BufferLayout packed_layout(const Shape& shape, DType type) { return ane_buffer_layout(shape, type, 1); }

}  // namespace anesim
