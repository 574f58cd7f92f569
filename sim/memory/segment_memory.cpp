#include "sim/memory/segment_memory.hpp"

#include <algorithm>
#include <vector>

namespace anesim {

namespace {

struct Segment {
  std::int32_t begin = 0, end = 0;  // first and last step, inclusive
};

// Free steps (elided relabels) belong to the segment around them.
std::vector<Segment> engine_segments(const Program& program) {
  std::vector<Segment> segments;
  bool open = false;
  Engine engine = Engine::ane;
  for (std::int32_t s = 0; s < static_cast<std::int32_t>(program.ops.size()); ++s) {
    const LoweredOp& op = program.ops[static_cast<std::size_t>(s)];
    if (!op.free && (!open || op.engine != engine)) {
      if (open) segments.back().end = s - 1;
      segments.push_back({s, s});
      engine = op.engine;
      open = true;
    }
  }
  if (open) segments.back().end = static_cast<std::int32_t>(program.ops.size()) - 1;
  return segments;
}

}  // namespace

SegmentMemory segment_memory(const Program& program) {
  SegmentMemory result;
  const std::vector<Segment> segments = engine_segments(program);
  result.segments = static_cast<std::int32_t>(segments.size());
  for (const Buffer& b : program.buffers) {
    if (b.kind != BufferKind::input) continue;
    result.peak_bytes += b.allocated_bytes;
    result.peak_logical_bytes += b.logical_bytes;
  }
  // Per segment, the lifetimes of the buffers it touches clipped to the segment, as +bytes at the
  // first step and -bytes after the last (segments partition the steps: linear in steps and
  // accesses, with no sort).
  std::vector<std::int32_t> stamp(program.buffers.size(), -1);
  std::vector<std::int64_t> delta, delta_logical;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    const auto span = static_cast<std::size_t>(seg.end - seg.begin + 2);
    delta.assign(span, 0);
    delta_logical.assign(span, 0);
    for (std::int32_t s = seg.begin; s <= seg.end; ++s) {
      const LoweredOp& op = program.ops[static_cast<std::size_t>(s)];
      if (op.free) continue;
      for (const Access& a : program.accesses_of(op)) {
        const Buffer& b = program.buffers[static_cast<std::size_t>(a.buffer)];
        if (b.kind == BufferKind::input || b.kind == BufferKind::constant) continue;
        if (stamp[static_cast<std::size_t>(a.buffer)] == static_cast<std::int32_t>(k)) continue;
        stamp[static_cast<std::size_t>(a.buffer)] = static_cast<std::int32_t>(k);
        const std::int32_t from = std::max(b.first_step, seg.begin);
        const std::int32_t to = std::min(b.last_step, seg.end);
        if (from > to) continue;
        delta[static_cast<std::size_t>(from - seg.begin)] += b.allocated_bytes;
        delta[static_cast<std::size_t>(to - seg.begin + 1)] -= b.allocated_bytes;
        delta_logical[static_cast<std::size_t>(from - seg.begin)] += b.logical_bytes;
        delta_logical[static_cast<std::size_t>(to - seg.begin + 1)] -= b.logical_bytes;
      }
    }
    std::int64_t live = 0, live_logical = 0, peak = 0, peak_logical = 0;
    for (std::size_t i = 0; i + 1 < span; ++i) {
      live += delta[i];
      live_logical += delta_logical[i];
      if (live > peak) {
        peak = live;
        peak_logical = live_logical;
      }
    }
    result.peak_bytes += peak;
    result.peak_logical_bytes += peak_logical;
  }
  return result;
}

}  // namespace anesim
