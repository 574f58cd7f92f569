#include "sim/buffer_allocator.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace anesim {

namespace {

// Placed buffers are indexed by blocks of steps, so each buffer is checked only against those
// alive near its own lifetime rather than against every buffer placed so far. A block keeps
// copies of what the check needs, sorted by arena offset: a buffer within one block walks its
// block's list in offset order and stops at the first gap that fits.
constexpr std::int32_t k_block_steps = 16;
struct Placed {
  std::int32_t first_step;
  std::int32_t last_step;
  std::int64_t begin;  // [begin, end) in the arena
  std::int64_t end;
  std::int32_t first_block;  // first_step / k_block_steps
};

// The working arrays, kept per thread from one allocation to the next: a sweep allocates thousands
// of programs, and growing the per-block lists afresh was a few hundred heap blocks each time.
struct Scratch {
  std::vector<std::int64_t> delta, delta_logical;
  std::vector<std::pair<std::int64_t, std::int32_t>> by_size;  // (-allocated bytes, buffer id)
  std::vector<std::vector<Placed>> placed_in_block;
  std::vector<std::pair<std::int64_t, std::int64_t>> taken;  // [offset, end) of overlapping buffers
};

[[gnu::noinline]] Scratch& scratch() {  // keeps the thread-local look-up out of the loops
  thread_local Scratch s;
  return s;
}

}  // namespace

Allocation allocate_buffers(const Program& program) {
  const auto& buffers = program.buffers;
  const std::size_t steps = std::max<std::size_t>(program.ops.size(), 1);
  Allocation result;
  result.offsets.assign(buffers.size(), -1);

  Scratch& work = scratch();
  std::vector<std::int64_t>& delta = work.delta;
  std::vector<std::int64_t>& delta_logical = work.delta_logical;
  delta.assign(steps + 1, 0);
  delta_logical.assign(steps + 1, 0);
  for (const Buffer& b : buffers) {
    if (b.kind == BufferKind::constant) continue;
    delta[static_cast<std::size_t>(b.first_step)] += b.allocated_bytes;
    delta[static_cast<std::size_t>(b.last_step) + 1] -= b.allocated_bytes;
    delta_logical[static_cast<std::size_t>(b.first_step)] += b.logical_bytes;
    delta_logical[static_cast<std::size_t>(b.last_step) + 1] -= b.logical_bytes;
  }
  std::int64_t live = 0, live_logical = 0;
  for (std::size_t s = 0; s < steps; ++s) {
    live += delta[s];
    live_logical += delta_logical[s];
    if (live > result.peak_bytes) {
      result.peak_bytes = live;
      result.peak_logical_bytes = live_logical;
      result.peak_step = static_cast<std::int32_t>(s);
    }
  }

  // Largest first; among equal sizes the lower id first (what a stable sort by size gives). The keys
  // sit next to the ids, so the sort compares pairs instead of reaching into the buffers.
  auto& by_size = work.by_size;
  by_size.clear();
  by_size.reserve(buffers.size());
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].kind != BufferKind::constant) by_size.emplace_back(-buffers[i].allocated_bytes, static_cast<std::int32_t>(i));
  }
  std::sort(by_size.begin(), by_size.end());
  std::vector<std::vector<Placed>>& placed_in_block = work.placed_in_block;
  const std::size_t blocks = steps / k_block_steps + 1;
  if (placed_in_block.size() < blocks) placed_in_block.resize(blocks);
  for (std::size_t k = 0; k < blocks; ++k) placed_in_block[k].clear();
  std::vector<std::pair<std::int64_t, std::int64_t>>& taken = work.taken;
  for (const auto& [minus_size, i] : by_size) {
    const Buffer& b = buffers[static_cast<std::size_t>(i)];
    const std::int32_t first_block = b.first_step / k_block_steps;
    const std::int32_t last_block = b.last_step / k_block_steps;
    auto overlaps = [&](const Placed& o) { return o.first_step <= b.last_step && b.first_step <= o.last_step; };
    // First fit: the lowest offset whose range misses every buffer alive at the same time. Walked
    // in order of start, it is the lowest free position among 0 and those buffers' ends, however
    // equal starts are ordered.
    std::int64_t offset = 0;
    if (first_block == last_block) {
      for (const Placed& o : placed_in_block[static_cast<std::size_t>(first_block)]) {
        if (!overlaps(o)) continue;
        if (o.begin - offset >= b.allocated_bytes) break;
        offset = std::max(offset, o.end);
      }
    } else {
      taken.clear();
      for (std::int32_t block = first_block; block <= last_block; ++block) {
        for (const Placed& o : placed_in_block[static_cast<std::size_t>(block)]) {
          // A buffer spanning several blocks is in each: count it in the first block both span.
          if (block == std::max(first_block, o.first_block) && overlaps(o)) taken.emplace_back(o.begin, o.end);
        }
      }
      std::sort(taken.begin(), taken.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
      for (const auto& [begin, end] : taken) {
        if (begin - offset >= b.allocated_bytes) break;
        offset = std::max(offset, end);
      }
    }
    result.offsets[static_cast<std::size_t>(i)] = offset;
    result.arena_bytes = std::max(result.arena_bytes, offset + b.allocated_bytes);
    const Placed placed{b.first_step, b.last_step, offset, offset + b.allocated_bytes, first_block};
    for (std::int32_t block = first_block; block <= last_block; ++block) {
      auto& list = placed_in_block[static_cast<std::size_t>(block)];
      const auto at = std::upper_bound(list.begin(), list.end(), placed.begin,
                                       [](std::int64_t begin, const Placed& o) { return begin < o.begin; });
      list.insert(at, placed);
    }
  }
  return result;
}

}  // namespace anesim
