#pragma once
// Hand-made pieces of a Program for tests that check the allocator and the segment memory by hand.
#include <cstdint>

#include "sim/lower/program.hpp"

namespace anesim::test {

// A buffer of `bytes` (logical = allocated) alive from step `first` to step `last`.
inline Buffer buffer(std::int64_t bytes, std::int32_t first, std::int32_t last, BufferKind kind = BufferKind::activation) {
  Buffer b;
  b.kind = kind;
  b.logical_bytes = b.allocated_bytes = bytes;
  b.first_step = first;
  b.last_step = last;
  return b;
}

}  // namespace anesim::test
