#include "sim/memory/offset_index.hpp"

#include <algorithm>

namespace anesim {

void OffsetIndex::reset(std::int32_t steps) {
  for (std::size_t k = 0; k < m_used && k < m_nodes.size(); ++k) {
    m_nodes[k].cover.clear();
    m_nodes[k].within.clear();
  }
  m_leaves = 1;
  while (m_leaves < static_cast<std::size_t>(std::max(steps, 1))) m_leaves *= 2;
  m_used = 2 * m_leaves;
  if (m_nodes.size() < m_used) m_nodes.resize(m_used);
}

void OffsetIndex::collect(std::int32_t first, std::int32_t last) {
  m_tiles.clear();
  m_paths.clear();
  std::size_t lo = m_leaves + static_cast<std::size_t>(first), hi = m_leaves + static_cast<std::size_t>(last) + 1;
  while (lo < hi) {
    if (lo & 1) m_tiles.push_back(lo++);
    if (hi & 1) m_tiles.push_back(--hi);
    lo >>= 1;
    hi >>= 1;
  }
  std::size_t a = m_leaves + static_cast<std::size_t>(first), b = m_leaves + static_cast<std::size_t>(last);
  for (; a != b; a >>= 1, b >>= 1) {  // the two paths, until they join
    m_paths.push_back(a);
    m_paths.push_back(b);
  }
  for (; a >= 1; a >>= 1) m_paths.push_back(a);
}

// The first run ending after `x`, if it begins before `x + size`, is the one in the way.
std::int64_t OffsetIndex::first_fit(std::int64_t size_bytes) {
  m_search.clear();
  for (std::size_t n : m_tiles) {
    if (!m_nodes[n].within.empty()) m_search.push_back(&m_nodes[n].within);
  }
  for (std::size_t n : m_paths) {
    if (!m_nodes[n].cover.empty()) m_search.push_back(&m_nodes[n].cover);
  }
  // Round the lists until a whole round moves nothing: every offset skipped conflicts with the run
  // that moved it, so the offset reached is the lowest that fits.
  std::int64_t offset = 0;
  const std::size_t lists = m_search.size();
  for (std::size_t k = 0, settled = 0; settled < lists; k = (k + 1) % lists) {
    const Runs& runs = *m_search[k];
    bool moved = false;
    // Runs never touch, but the next one may still begin within the buffer's size.
    for (auto it = std::upper_bound(runs.begin(), runs.end(), offset, [](std::int64_t x, const OffsetRun& r) { return x < r.end; });
         it != runs.end() && it->begin < offset + size_bytes; ++it) {
      offset = it->end;
      moved = true;
    }
    settled = moved ? 1 : settled + 1;
  }
  return offset;
}

void OffsetIndex::record_collected(std::int64_t begin, std::int64_t end) {
  for (std::size_t n : m_tiles) {
    add_offset_run(m_nodes[n].cover, begin, end);
    add_offset_run(m_nodes[n].within, begin, end);
  }
  for (std::size_t n : m_paths) add_offset_run(m_nodes[n].within, begin, end);
}

std::int64_t OffsetIndex::place(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes) {
  if (size_bytes == 0) return 0;  // fits at 0, which no range strictly contains
  collect(first_step, last_step);
  const std::int64_t offset = first_fit(size_bytes);
  record_collected(offset, offset + size_bytes);
  return offset;
}

void OffsetIndex::record(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end) {
  collect(first_step, last_step);
  record_collected(begin, end);
}

}  // namespace anesim
