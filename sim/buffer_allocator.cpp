#include "sim/buffer_allocator.hpp"

#include <algorithm>
#include <numeric>

namespace anesim {

Allocation allocate_buffers(const Program& program) {
  const auto& buffers = program.buffers;
  const std::size_t steps = std::max<std::size_t>(program.ops.size(), 1);
  Allocation result;
  result.offsets.assign(buffers.size(), -1);

  std::vector<std::int64_t> delta(steps + 1, 0), delta_logical(steps + 1, 0);
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

  std::vector<std::size_t> by_size;
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].kind != BufferKind::constant) by_size.push_back(i);
  }
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](std::size_t a, std::size_t b) { return buffers[a].allocated_bytes > buffers[b].allocated_bytes; });
  // Placed buffers are indexed by blocks of steps, so each buffer is checked only against those
  // alive near its own lifetime rather than against every buffer placed so far.
  constexpr std::size_t k_block_steps = 16;
  std::vector<std::vector<std::size_t>> placed_in_block(steps / k_block_steps + 1);
  std::vector<std::size_t> seen_by(buffers.size(), buffers.size());
  std::vector<std::pair<std::int64_t, std::int64_t>> taken;  // [offset, end) of overlapping buffers
  for (std::size_t i : by_size) {
    const Buffer& b = buffers[i];
    const auto first_block = static_cast<std::size_t>(b.first_step) / k_block_steps;
    const auto last_block = static_cast<std::size_t>(b.last_step) / k_block_steps;
    taken.clear();
    for (std::size_t block = first_block; block <= last_block; ++block) {
      for (std::size_t j : placed_in_block[block]) {
        if (seen_by[j] == i) continue;
        seen_by[j] = i;
        const Buffer& o = buffers[j];
        if (o.first_step <= b.last_step && b.first_step <= o.last_step) {
          taken.emplace_back(result.offsets[j], result.offsets[j] + o.allocated_bytes);
        }
      }
    }
    std::sort(taken.begin(), taken.end());
    std::int64_t offset = 0;
    for (const auto& [begin, end] : taken) {
      if (begin - offset >= b.allocated_bytes) break;
      offset = std::max(offset, end);
    }
    result.offsets[i] = offset;
    result.arena_bytes = std::max(result.arena_bytes, offset + b.allocated_bytes);
    for (std::size_t block = first_block; block <= last_block; ++block) placed_in_block[block].push_back(i);
  }
  return result;
}

}  // namespace anesim
