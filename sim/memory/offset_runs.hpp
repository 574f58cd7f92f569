#pragma once
// What many buffers alive at the same time occupy in the arena, as sorted, disjoint byte ranges,
// merged where they overlap or touch. Both first-fit searches keep them (sim/memory/
// offset_index.hpp, the block search in buffer_allocator.cpp): buffers packed edge to edge (a
// stack of K/V caches living to the end) become one range to step over instead of one each.
//
// Exactness: a buffer of size s > 0 at x conflicts with a placed [b, e) when b < x + s and e > x.
// For e > b that is the open intervals (x, x + s) and (b, e) meeting, so a union of ranges merged
// when they overlap or touch conflicts exactly when one of its ranges does.
#include <cstdint>
#include <vector>

namespace anesim {

struct OffsetRun {
  std::int64_t begin;
  std::int64_t end;
};
using OffsetRuns = std::vector<OffsetRun>;  // sorted, disjoint, and no two touching

// Adds [begin, end) (end > begin), merging it with the runs it overlaps or touches.
void add_offset_run(OffsetRuns& runs, std::int64_t begin, std::int64_t end);

}  // namespace anesim
