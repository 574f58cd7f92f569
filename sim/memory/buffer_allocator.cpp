#include "sim/memory/buffer_allocator.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/memory/offset_blocks.hpp"
#include "sim/memory/offset_index.hpp"
#include "sim/memory/period_offsets.hpp"

namespace anesim {

namespace {

// Beyond this many list copies per buffer, on average, the index search is the faster.
constexpr std::uint64_t k_cheap_copies_per_buffer = 8;

// A buffer to place, with its size.
struct SizedId {
  std::uint64_t size;
  BufferId id;
};

// The working arrays, kept per thread from one allocation to the next: a sweep allocates thousands
// of programs, and growing the per-block lists afresh was a few hundred heap blocks each time.
struct Scratch {
  std::vector<std::int64_t> delta, delta_logical;
  std::vector<SizedId> by_size, spare;  // placement order, and room for the sort's passes
  std::vector<std::uint8_t> size_class;  // by entry of by_size: which of the few sizes it has
  OffsetBlocks blocks;
  OffsetIndex index;
};

[[gnu::noinline]] Scratch& scratch() {  // keeps the thread-local look-up out of the loops
  thread_local Scratch s;
  return s;
}

// The non-constant buffers, largest first and the lower id first among equal sizes. A transformer's
// buffers come in a few distinct sizes (about ten; llama-2-7b's 6,000 buffers in 15), so the
// order is a counting sort by size: each buffer's size found among those seen so far, then each
// size's buffers in id order, the sizes largest first. With more distinct sizes than that it is
// a stable radix sort on the size, a byte per pass from the lowest, skipping the bytes every size
// shares. Each entry carries its size, so a pass reads one array in order rather than reaching
// into the buffers for every key.
constexpr std::size_t k_counted_sizes = 32;

bool order_by_few_sizes(std::vector<SizedId>& order, std::vector<SizedId>& spare, std::vector<std::uint8_t>& size_class) {
  std::array<std::uint64_t, k_counted_sizes> sizes{};
  std::size_t distinct = 0;
  size_class.resize(order.size());
  std::size_t last = 0;  // sizes repeat in runs: the last one found is tried first
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::uint64_t size = order[i].size;
    std::size_t k = last;
    if (distinct == 0 || sizes[k] != size) {
      for (k = 0; k < distinct && sizes[k] != size; ++k) {
      }
      if (k == distinct) {
        if (distinct == k_counted_sizes) return false;
        sizes[distinct++] = size;
      }
    }
    size_class[i] = static_cast<std::uint8_t>(k);
    last = k;
  }
  // Each size's rank, largest first, and where its run of buffers starts.
  std::array<std::size_t, k_counted_sizes> by_rank{};
  for (std::size_t k = 0; k < distinct; ++k) by_rank[k] = k;
  std::sort(by_rank.begin(), by_rank.begin() + static_cast<std::ptrdiff_t>(distinct),
            [&sizes](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  std::array<std::size_t, k_counted_sizes> count{}, next{};
  for (std::uint8_t k : size_class) ++count[k];
  for (std::size_t r = 0, at = 0; r < distinct; ++r) {
    next[by_rank[r]] = at;
    at += count[by_rank[r]];
  }
  spare.resize(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) spare[next[size_class[i]]++] = order[i];
  order.swap(spare);
  return true;
}

void order_by_size(const std::vector<Buffer>& buffers, std::vector<SizedId>& order, std::vector<SizedId>& spare,
                   std::vector<std::uint8_t>& size_class) {
  order.clear();
  std::uint64_t some_bits = 0, all_bits = ~std::uint64_t{0};
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    if (buffers[i].kind == BufferKind::constant) continue;
    const auto size = static_cast<std::uint64_t>(buffers[i].allocated_bytes);
    order.push_back({size, static_cast<BufferId>(i)});
    some_bits |= size;
    all_bits &= size;
  }
  if (order_by_few_sizes(order, spare, size_class)) return;
  spare.resize(order.size());
  for (int shift = 0; shift < 64; shift += 8) {
    if ((((some_bits ^ all_bits) >> shift) & 0xff) == 0) continue;  // this pass would change nothing
    // Larger sizes first: the byte's complement is the key.
    auto key = [shift](const SizedId& e) { return 0xff - ((e.size >> shift) & 0xff); };
    std::array<std::size_t, 257> next{};  // where each key's run starts
    for (const SizedId& e : order) ++next[key(e) + 1];
    for (std::size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
    for (const SizedId& e : order) spare[next[key(e)]++] = e;
    order.swap(spare);
  }
}

// Each buffer, in placement order, at the lowest offset the search finds for it, or, with a
// replay, at the offset its counterpart in the layer before gives it.
template <class Search>
void place_in_order(Search& search, const std::vector<Buffer>& buffers, const std::vector<SizedId>& order,
                    PeriodOffsets* replay, Allocation& result) {
  for (const SizedId& placing : order) {
    const auto i = static_cast<std::size_t>(placing.id);
    const Buffer& b = buffers[i];
    const auto size = static_cast<std::int64_t>(placing.size);
    std::int64_t offset = -1;
    if (replay) {
      const BufferId source = replay->source(placing.id);
      if (source >= 0) offset = replay->replayed_offset(result.offsets[static_cast<std::size_t>(source)], size);
      if (offset >= 0) {
        search.record(b.first_step, b.last_step, offset, offset + size);
        ++result.replayed_buffers;
      }
    }
    if (offset < 0) offset = search.place(b.first_step, b.last_step, size);
    if (replay) replay->placed(placing.id, offset);
    result.offsets[i] = offset;
    result.arena_bytes = std::max(result.arena_bytes, offset + size);
  }
}

// The search with the fewest list copies: each is a list a buffer is recorded in and a later
// buffer living there walks. Blocks alone when lifetimes are short (every shipped encoder), with
// superblocks when some buffers span many blocks (a decoder's K/V caches kept to the end), and the
// index when even that is many copies a buffer.
OffsetSearch cheapest_search(const std::vector<Buffer>& buffers, std::size_t steps) {
  std::uint64_t block_copies = 0, superblock_copies = 0, placed = 0;
  for (const Buffer& b : buffers) {
    if (b.kind == BufferKind::constant) continue;
    const auto copies = static_cast<std::uint64_t>(OffsetBlocks::block_copies(b.first_step, b.last_step));
    block_copies += copies;
    superblock_copies += static_cast<std::uint64_t>(
        OffsetBlocks::superblock_copies(b.first_step, b.last_step, static_cast<std::int32_t>(steps)));
    ++placed;
  }
  const bool superblocks = superblock_copies < block_copies;
  if ((superblocks ? superblock_copies : block_copies) > k_cheap_copies_per_buffer * placed) return OffsetSearch::index;
  return superblocks ? OffsetSearch::superblocks : OffsetSearch::blocks;
}

}  // namespace

Allocation allocate_buffers(const Program& program, OffsetSearch search, PeriodReplay replay) {
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

  order_by_size(buffers, work.by_size, work.spare, work.size_class);
  if (search == OffsetSearch::automatic) search = cheapest_search(buffers, steps);
  // The block search (sim/memory/offset_blocks.hpp) is fastest when lifetimes are short, with
  // superblocks when a few live long; the index (sim/memory/offset_index.hpp) searches O(log steps)
  // lists a buffer whatever the lifetimes, a constant a few times the blocks' on short-lived ones.
  // Repeated layers first take their offsets from the layer before (sim/memory/period_offsets.hpp);
  // should the offsets then fail its checks, the whole program is searched.
  const auto step_count = static_cast<std::int32_t>(steps);
  std::optional<PeriodOffsets> periods;
  if (replay == PeriodReplay::on) periods.emplace(program);
  PeriodOffsets* with = periods && periods->active() ? &*periods : nullptr;
  for (;;) {
    if (search == OffsetSearch::index) {
      work.index.reset(step_count);
      place_in_order(work.index, buffers, work.by_size, with, result);
    } else {
      work.blocks.reset(step_count, search == OffsetSearch::superblocks);
      place_in_order(work.blocks, buffers, work.by_size, with, result);
    }
    if (!with || with->holds(program, result.offsets)) break;
    with = nullptr;
    result.arena_bytes = 0;
    result.replayed_buffers = 0;
  }
  return result;
}

}  // namespace anesim
