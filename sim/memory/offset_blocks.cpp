#include "sim/memory/offset_blocks.hpp"

#include <algorithm>

namespace anesim {

void OffsetBlocks::reset(std::int32_t steps, bool superblocks) {
  m_last_step = std::max(steps, 1) - 1;
  m_superblocks = superblocks;
  const auto block_count = static_cast<std::size_t>(m_last_step / k_block_steps + 1);
  if (m_blocks.size() < block_count) m_blocks.resize(block_count);
  for (std::size_t k = 0; k < block_count; ++k) {
    m_blocks[k].covered.clear();
    m_blocks[k].partial.clear();
  }
  if (!superblocks) return;
  const auto super_count = static_cast<std::size_t>(m_last_step / k_superblock_steps + 1);
  if (m_supers.size() < super_count) m_supers.resize(super_count);
  for (std::size_t q = 0; q < super_count; ++q) {
    m_supers[q].covered.clear();
    m_supers[q].within.clear();
  }
}

// Inlined: called for every block a buffer spans, a call each was a tenth of the search.
[[gnu::always_inline]] inline void OffsetBlocks::add_block_lists(std::int32_t block) {
  const Block& in = m_blocks[static_cast<std::size_t>(block)];
  if (!in.partial.empty()) m_partial.push_back({in.partial.data(), in.partial.data() + in.partial.size()});
  add_runs(in.covered);
}

[[gnu::always_inline]] inline void OffsetBlocks::add_runs(const OffsetRuns& runs) {
  if (!runs.empty()) m_runs.push_back({runs.data(), runs.data() + runs.size()});
}

// Inlined into place(), as is add(): one call a buffer rather than three.
[[gnu::always_inline]] inline std::int64_t OffsetBlocks::first_fit(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes) {
  m_partial.clear();
  m_runs.clear();
  const std::int32_t first_block = first_step / k_block_steps, last_block = last_step / k_block_steps;
  if (!m_superblocks) {
    for (std::int32_t block = first_block; block <= last_block; ++block) add_block_lists(block);
  } else {
    for (std::int32_t q = first_step / k_superblock_steps; q <= last_step / k_superblock_steps; ++q) {
      const Superblock& super = m_supers[static_cast<std::size_t>(q)];
      add_runs(super.covered);
      if (covers(first_step, last_step, q, m_last_step)) {
        add_runs(super.within);
        continue;
      }
      const std::int32_t to = std::min(last_block, (q + 1) * k_superblock_blocks - 1);
      for (std::int32_t block = std::max(first_block, q * k_superblock_blocks); block <= to; ++block) add_block_lists(block);
    }
  }
  // First fit: the lowest offset whose range misses every buffer alive at the same time. No
  // offset below `offset` fits, and a conflicting buffer moves it to that buffer's end. Each list
  // is walked in offset order up to offset + size; what a cursor passed can never conflict again,
  // as the offset only grows. A buffer seen in several lists does no harm. Runs conflict with no
  // time test: their buffers live through all of what the list stands for, where this one lives.
  std::int64_t offset = 0;
  auto advance_partial = [&](Cursor<Placed>& c) {
    bool moved = false;
    for (; c.next != c.end && c.next->begin < offset + size_bytes; ++c.next) {
      const Placed& o = *c.next;
      if (o.end > offset && o.first_step <= last_step && first_step <= o.last_step) {
        offset = o.end;
        moved = true;
      }
    }
    return moved;
  };
  auto advance_runs = [&](Cursor<OffsetRun>& c) {
    bool moved = false;
    for (; c.next != c.end && c.next->begin < offset + size_bytes; ++c.next) {
      if (c.next->end > offset) {
        offset = c.next->end;
        moved = true;
      }
    }
    return moved;
  };
  // Round the lists until a whole round moves nothing: the offset then fits in every one.
  const std::size_t partial_lists = m_partial.size(), lists = partial_lists + m_runs.size();
  for (std::size_t k = 0, settled = 0; settled < lists; k = (k + 1) % lists) {
    const bool moved = k < partial_lists ? advance_partial(m_partial[k]) : advance_runs(m_runs[k - partial_lists]);
    settled = moved ? 1 : settled + 1;
  }
  return offset;
}

[[gnu::always_inline]] inline void OffsetBlocks::place_in_block(std::int32_t block, const Placed& placed) {
  Block& in = m_blocks[static_cast<std::size_t>(block)];
  const std::int32_t block_first = block * k_block_steps;
  const std::int32_t block_last = std::min(block_first + k_block_steps - 1, m_last_step);
  if (placed.first_step <= block_first && placed.last_step >= block_last) {
    add_offset_run(in.covered, placed.begin, placed.end);
    return;
  }
  const auto at = std::upper_bound(in.partial.begin(), in.partial.end(), placed.begin,
                                   [](std::int64_t begin, const Placed& o) { return begin < o.begin; });
  in.partial.insert(at, placed);
}

[[gnu::always_inline]] inline void OffsetBlocks::add(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end) {
  const Placed placed{first_step, last_step, begin, end};
  const std::int32_t first_block = first_step / k_block_steps, last_block = last_step / k_block_steps;
  if (!m_superblocks) {
    for (std::int32_t block = first_block; block <= last_block; ++block) place_in_block(block, placed);
    return;
  }
  for (std::int32_t q = first_step / k_superblock_steps; q <= last_step / k_superblock_steps; ++q) {
    Superblock& super = m_supers[static_cast<std::size_t>(q)];
    if (covers(first_step, last_step, q, m_last_step)) {
      add_offset_run(super.covered, begin, end);
      continue;
    }
    add_offset_run(super.within, begin, end);
    const std::int32_t to = std::min(last_block, (q + 1) * k_superblock_blocks - 1);
    for (std::int32_t block = std::max(first_block, q * k_superblock_blocks); block <= to; ++block) place_in_block(block, placed);
  }
}

std::int64_t OffsetBlocks::place(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes) {
  if (size_bytes == 0) return 0;  // fits at 0, which no range strictly contains
  const std::int64_t offset = first_fit(first_step, last_step, size_bytes);
  add(first_step, last_step, offset, offset + size_bytes);
  return offset;
}

void OffsetBlocks::record(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end) {
  add(first_step, last_step, begin, end);
}

}  // namespace anesim
