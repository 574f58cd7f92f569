#pragma once
// Resident activation memory counted the way the runtime allocates it (modelling rule 10). A graph
// split between engines runs as segments: maximal runs of steps on one engine. Core ML compiles each
// ANE segment into a program of its own, loaded with its own intermediate buffers (tinygrad's ANE
// notes: one model per segment with its own intermediate buffer handle), and the CPU segments keep
// theirs; nothing is shared between them, so every segment's peak is resident at once and the
// model's activation peak is their sum. A buffer two segments touch (a hand-over) is held by both,
// each in its own engine's format. The caller's input buffers are counted once.
#include <cstdint>

#include "sim/lower/program.hpp"

namespace anesim {

struct SegmentMemory {
  std::int64_t peak_bytes = 0;          // sum over segments of each one's largest live total (allocated bytes)
  std::int64_t peak_logical_bytes = 0;  // the same, logical bytes
  std::int32_t segments = 0;
};

[[nodiscard]] SegmentMemory segment_memory(const Program& program);

}  // namespace anesim
