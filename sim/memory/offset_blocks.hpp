#pragma once
// The allocator's block search (sim/memory/buffer_allocator.hpp): placed buffers indexed by blocks
// of 16 steps, so a buffer is checked only against those alive near its own lifetime rather than
// against every buffer placed so far. A block keeps copies of what the check needs: the buffers
// covering all of its steps as merged runs (sim/memory/offset_runs.hpp), which every buffer alive
// in the block conflicts with wherever their offsets meet, and the others with their lifetimes,
// sorted by offset. A buffer spanning several blocks is in each of them.
//
// A buffer living across thousands of blocks (a K/V cache kept to the end of a 70B model, 1,800
// blocks) would walk every buffer of every one of them and be copied into each: in llama-2-70b at
// seq 8192 its 961 long-lived buffers walked 2.06 M entries against 0.12 M for the other 22,800,
// and were added to 159 k block lists. Superblocks of 16 blocks take that: a buffer covering a
// whole superblock is checked against the superblock's merged runs of everything alive in it
// (`within`, no time test needed: all of them live while it does) and recorded once there
// (`covered`) instead of in each block. Every buffer then pays a run merge into the `within` of
// the superblocks it only partly covers, so they are used when they save more than that.
//
// Exactness: a buffer's search consults, for each superblock it spans, that superblock's
// `covered` runs and either (covered wholly) its `within` runs or (partly) the lists of its blocks
// the buffer touches. Any placed buffer alive at a step the buffer lives lies in one of those:
// in the step's superblock's `covered` if it covers that superblock, else in its `within` and in
// the step's block. And every entry consulted without a time test lives while the buffer does.
// So the conflicts are exactly the time-overlapping placed buffers, as in the plain first fit.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/memory/offset_runs.hpp"

namespace anesim {

class OffsetBlocks {
 public:
  // Empties the search for `steps` steps, keeping its memory for the next program; `superblocks`
  // turns the superblock level on (the offsets are the same either way).
  void reset(std::int32_t steps, bool superblocks);
  // Places a buffer of `size_bytes` (>= 0) alive during [first_step, last_step] at the lowest
  // offset >= 0 where it meets nothing placed alive then, and returns that offset. A zero-byte
  // buffer is at 0 and recorded nowhere. One call a buffer: the allocator makes thousands.
  std::int64_t place(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes);
  // Records [begin, end) (end > begin) as used during [first_step, last_step]: a buffer whose
  // offset is known without a search (sim/memory/period_offsets.hpp).
  void record(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end);

  static constexpr std::int32_t k_block_steps = 16;
  static constexpr std::int32_t k_superblock_blocks = 16;
  static constexpr std::int32_t k_superblock_steps = k_block_steps * k_superblock_blocks;

  // The lists a buffer living [first_step, last_step] is recorded in, without superblocks and
  // with them (one run for each superblock spanned, and a copy in each block of the superblocks
  // at the two ends that it covers only in part), for the allocator's choice of search. Inline:
  // the choice counts them for every buffer of the program.
  [[nodiscard]] static std::int64_t block_copies(std::int32_t first_step, std::int32_t last_step) {
    constexpr auto block = static_cast<std::uint32_t>(k_block_steps);  // steps are >= 0: shifts
    return static_cast<std::int64_t>(static_cast<std::uint32_t>(last_step) / block) -
           static_cast<std::int64_t>(static_cast<std::uint32_t>(first_step) / block) + 1;
  }
  [[nodiscard]] static std::int64_t superblock_copies(std::int32_t first_step, std::int32_t last_step,
                                                      std::int32_t steps) {
    const std::int32_t last = std::max(steps, 1) - 1;
    const std::int32_t q1 = first_step / k_superblock_steps, q2 = last_step / k_superblock_steps;
    // Most buffers lie inside one superblock and do not start it, so do not cover it: their
    // blocks and one run.
    if (q1 == q2 && first_step % k_superblock_steps != 0) return block_copies(first_step, last_step) + 1;
    const auto in_part = [&](std::int32_t q) {  // its blocks in superblock q, 0 if it covers q
      if (covers(first_step, last_step, q, last)) return std::int64_t{0};
      return block_copies(std::max(first_step, superblock_first(q)), std::min(last_step, superblock_last(q, last)));
    };
    return (q2 - q1 + 1) + in_part(q1) + (q2 != q1 ? in_part(q2) : 0);
  }
  // Superblock q's steps, the last one clipped to the program's `last_step`.
  [[nodiscard]] static std::int32_t superblock_first(std::int32_t q) { return q * k_superblock_steps; }
  [[nodiscard]] static std::int32_t superblock_last(std::int32_t q, std::int32_t last_step) {
    return std::min(superblock_first(q) + k_superblock_steps - 1, last_step);
  }
  // Whether [first_step, last_step] covers all of superblock q's steps.
  [[nodiscard]] static bool covers(std::int32_t first_step, std::int32_t last_step, std::int32_t q,
                                   std::int32_t program_last_step) {
    return first_step <= superblock_first(q) && last_step >= superblock_last(q, program_last_step);
  }

 private:
  struct Placed {
    std::int32_t first_step;
    std::int32_t last_step;
    std::int64_t begin;  // [begin, end) in the arena
    std::int64_t end;
  };
  struct Block {
    OffsetRuns covered;
    std::vector<Placed> partial;
  };
  struct Superblock {
    OffsetRuns covered;  // buffers alive through all of its steps
    OffsetRuns within;   // the others alive at any of its steps
  };
  // A position in one list, which only moves forward during one buffer's search.
  template <class T>
  struct Cursor {
    const T* next;
    const T* end;
  };

  [[nodiscard]] std::int64_t first_fit(std::int32_t first_step, std::int32_t last_step, std::int64_t size_bytes);
  void add(std::int32_t first_step, std::int32_t last_step, std::int64_t begin, std::int64_t end);
  void add_block_lists(std::int32_t block);
  void add_runs(const OffsetRuns& runs);
  void place_in_block(std::int32_t block, const Placed& placed);

  std::vector<Block> m_blocks;
  std::vector<Superblock> m_supers;
  std::int32_t m_last_step = 0;
  bool m_superblocks = false;
  std::vector<Cursor<Placed>> m_partial;  // one per non-empty list the buffer's search consults
  std::vector<Cursor<OffsetRun>> m_runs;
};

}  // namespace anesim
