#pragma once
// Where placed buffers sit in time (steps) and in the arena (byte offsets), for the allocator's
// first-fit search: the lowest offset at which a new buffer overlaps no placed buffer alive at the
// same time. A segment tree over steps keeps, at each node, the placed offset ranges as a sorted
// list of disjoint merged runs: `cover` holds the buffers that span the node's whole time range
// (stored at the O(log steps) nodes that tile their lifetime), `within` those that touch any of
// it. A lifetime's conflicts are then the `within` runs of the nodes that tile it plus the `cover`
// runs of the nodes on its two end steps' root paths: O(log steps) lists, each searched in
// O(log runs), where scanning every placed buffer was quadratic. Merging (sim/memory/
// offset_runs.hpp, which says why it is exact) is what keeps the lists short. Zero-byte buffers
// are never recorded (the allocator places them last, at 0, which no range can strictly contain).
#include <cstdint>
#include <vector>

#include "sim/memory/offset_runs.hpp"

namespace anesim {

class OffsetIndex {
 public:
  // Empties the index for `steps` steps, keeping its memory for the next program.
  void reset(std::int32_t steps);
  // Places a buffer of `size_bytes` (>= 0) alive during [first_step, last_step] at the lowest
  // offset >= 0 where it meets nothing placed alive then, and returns that offset. A zero-byte
  // buffer is at 0 and recorded nowhere.
  std::int64_t place(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes);
  // Records [begin, end) (end > begin) as used during [first_step, last_step] (a buffer placed
  // without a search).
  void record(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end);

 private:
  using Runs = OffsetRuns;
  struct Node {
    Runs cover;
    Runs within;
  };

  // The nodes that tile [first, last] (into m_tiles) and those on the root paths of its two end
  // steps (into m_paths).
  void collect(std::int32_t first, std::int32_t last);
  // The lowest offset where `size_bytes` (> 0) fits, and recording [begin, end) as used, over the
  // nodes collected.
  [[nodiscard]] std::int64_t first_fit(std::int64_t size_bytes);
  void record_collected(std::int64_t begin, std::int64_t end);

  std::vector<Node> m_nodes;  // 1-based heap order; leaves at m_leaves + step
  std::size_t m_leaves = 1;
  std::size_t m_used = 0;  // nodes reset() must clear: those the last program used
  std::vector<std::size_t> m_tiles, m_paths;
  std::vector<const Runs*> m_search;  // the lists one first_fit consults
};

}  // namespace anesim
