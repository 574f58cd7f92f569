#include "sim/segment_memory.hpp"

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
  // Per segment, a sweep over the lifetimes of the buffers it touches, clipped to the segment.
  std::vector<std::int32_t> stamp(program.buffers.size(), -1);
  std::vector<BufferId> touched;
  struct Event {
    std::int32_t step;
    std::int64_t bytes, logical;
  };
  std::vector<Event> events;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    touched.clear();
    for (std::int32_t s = seg.begin; s <= seg.end; ++s) {
      const LoweredOp& op = program.ops[static_cast<std::size_t>(s)];
      if (op.free) continue;
      for (const Access& a : program.accesses_of(op)) {
        const Buffer& b = program.buffers[static_cast<std::size_t>(a.buffer)];
        if (b.kind == BufferKind::input || b.kind == BufferKind::constant) continue;
        if (stamp[static_cast<std::size_t>(a.buffer)] == static_cast<std::int32_t>(k)) continue;
        stamp[static_cast<std::size_t>(a.buffer)] = static_cast<std::int32_t>(k);
        touched.push_back(a.buffer);
      }
    }
    events.clear();
    for (BufferId id : touched) {
      const Buffer& b = program.buffers[static_cast<std::size_t>(id)];
      const std::int32_t from = std::max(b.first_step, seg.begin);
      const std::int32_t to = std::min(b.last_step, seg.end);
      if (from > to) continue;
      events.push_back({from, b.allocated_bytes, b.logical_bytes});
      events.push_back({to + 1, -b.allocated_bytes, -b.logical_bytes});
    }
    // Frees at a step come before allocations at it: a buffer dead after step s leaves room at s + 1.
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.step != b.step ? a.step < b.step : a.bytes < b.bytes;
    });
    std::int64_t live = 0, live_logical = 0, peak = 0, peak_logical = 0;
    for (const Event& e : events) {
      live += e.bytes;
      live_logical += e.logical;
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
