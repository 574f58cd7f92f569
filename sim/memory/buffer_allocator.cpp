#include "sim/memory/buffer_allocator.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "sim/memory/offset_index.hpp"
#include "sim/memory/offset_runs.hpp"

namespace anesim {

namespace {

// Placed buffers are indexed by blocks of steps, so each buffer is checked only against those
// alive near its own lifetime rather than against every buffer placed so far. A block keeps
// copies of what the check needs, sorted by arena offset; a buffer spanning several blocks is in
// each of them.
constexpr std::int32_t k_block_steps = 16;
// Beyond this many block copies per buffer, on average, the index search is the faster.
constexpr std::uint64_t k_cheap_blocks_per_buffer = 8;
struct Placed {
  std::int32_t first_step;
  std::int32_t last_step;
  std::int64_t begin;  // [begin, end) in the arena
  std::int64_t end;
};

// A buffer to place, with its size.
struct SizedId {
  std::uint64_t size;
  BufferId id;
};

// The placed buffers alive in one block of steps: those covering all of its steps, as merged runs
// (sim/memory/offset_runs.hpp), which every buffer alive in the block conflicts with wherever their
// offsets meet, and the others, with their lifetimes, sorted by offset. A stack of long-lived
// buffers (llama's K/V caches, written layer by layer and kept to the end) is one run rather than
// one entry a layer that every later buffer walks past.
struct Block {
  OffsetRuns covered;
  std::vector<Placed> partial;
};

// A position in one of a block's lists, which only moves forward during one buffer's search.
template <class T>
struct Cursor {
  const T* next;
  const T* end;
};

// The working arrays, kept per thread from one allocation to the next: a sweep allocates thousands
// of programs, and growing the per-block lists afresh was a few hundred heap blocks each time.
struct Scratch {
  std::vector<std::int64_t> delta, delta_logical;
  std::vector<SizedId> by_size, spare;  // placement order, and room for the sort's passes
  std::vector<std::uint8_t> size_class;  // by entry of by_size: which of the few sizes it has
  std::vector<Block> blocks;
  std::vector<Cursor<Placed>> partial;   // one per non-empty list of the blocks the buffer spans
  std::vector<Cursor<OffsetRun>> covered;
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

// The block search: each buffer is checked against the buffers placed in the blocks of steps it
// spans. Fastest when lifetimes are short; a buffer living across the program is in every block
// (merged with its neighbours in the arena, when it covers the block).
void place_by_blocks(const std::vector<Buffer>& buffers, std::size_t steps, Scratch& work, Allocation& result) {
  std::vector<Block>& blocks = work.blocks;
  const std::size_t block_count = steps / k_block_steps + 1;
  if (blocks.size() < block_count) blocks.resize(block_count);
  for (std::size_t k = 0; k < block_count; ++k) {
    blocks[k].covered.clear();
    blocks[k].partial.clear();
  }
  const auto last_step = static_cast<std::int32_t>(steps) - 1;
  for (const SizedId& placing : work.by_size) {
    const BufferId i = placing.id;
    const Buffer& b = buffers[static_cast<std::size_t>(i)];
    const auto size = static_cast<std::int64_t>(placing.size);
    const std::int32_t first_block = b.first_step / k_block_steps;
    const std::int32_t last_block = b.last_step / k_block_steps;
    // First fit: the lowest offset whose range misses every buffer alive at the same time. No
    // offset below `offset` fits, and a conflicting buffer moves it to that buffer's end. Each
    // list is walked in offset order up to offset + size; what a cursor passed can never
    // conflict again, as the offset only grows. A buffer seen in several blocks does no harm.
    // A covered block's runs conflict with no time test: this buffer lives in that block, and the
    // run's buffers live through all of it.
    std::int64_t offset = 0;
    auto advance_partial = [&](Cursor<Placed>& c) {
      bool moved = false;
      for (; c.next != c.end && c.next->begin < offset + size; ++c.next) {
        const Placed& o = *c.next;
        if (o.end > offset && o.first_step <= b.last_step && b.first_step <= o.last_step) {
          offset = o.end;
          moved = true;
        }
      }
      return moved;
    };
    auto advance_covered = [&](Cursor<OffsetRun>& c) {
      bool moved = false;
      for (; c.next != c.end && c.next->begin < offset + size; ++c.next) {
        if (c.next->end > offset) {
          offset = c.next->end;
          moved = true;
        }
      }
      return moved;
    };
    work.partial.clear();
    work.covered.clear();
    for (std::int32_t block = first_block; block <= last_block; ++block) {
      const Block& in = blocks[static_cast<std::size_t>(block)];
      if (!in.partial.empty()) work.partial.push_back({in.partial.data(), in.partial.data() + in.partial.size()});
      if (!in.covered.empty()) work.covered.push_back({in.covered.data(), in.covered.data() + in.covered.size()});
    }
    // Round the lists until a whole round moves nothing: the offset then fits in every block.
    const std::size_t partial_lists = work.partial.size(), lists = partial_lists + work.covered.size();
    for (std::size_t k = 0, settled = 0; settled < lists; k = (k + 1) % lists) {
      const bool moved = k < partial_lists ? advance_partial(work.partial[k]) : advance_covered(work.covered[k - partial_lists]);
      settled = moved ? 1 : settled + 1;
    }
    result.offsets[static_cast<std::size_t>(i)] = offset;
    result.arena_bytes = std::max(result.arena_bytes, offset + size);
    if (size == 0) continue;  // occupies nothing: no later buffer can conflict with it
    const Placed placed{b.first_step, b.last_step, offset, offset + size};
    for (std::int32_t block = first_block; block <= last_block; ++block) {
      Block& in = blocks[static_cast<std::size_t>(block)];
      const std::int32_t block_first = block * k_block_steps;
      const std::int32_t block_last = std::min(block_first + k_block_steps - 1, last_step);
      if (b.first_step <= block_first && b.last_step >= block_last) {
        add_offset_run(in.covered, placed.begin, placed.end);
        continue;
      }
      const auto at = std::upper_bound(in.partial.begin(), in.partial.end(), placed.begin,
                                       [](std::int64_t begin, const Placed& o) { return begin < o.begin; });
      in.partial.insert(at, placed);
    }
  }
}

// The index search (sim/memory/offset_index.hpp): O(log steps) sorted lists per buffer, whatever the
// lifetimes; a constant a few times the block search's on short-lived programs.
void place_by_index(const std::vector<Buffer>& buffers, std::size_t steps, Scratch& work, Allocation& result) {
  OffsetIndex& index = work.index;
  index.reset(static_cast<std::int32_t>(steps));
  for (const SizedId& placing : work.by_size) {
    const auto i = static_cast<std::size_t>(placing.id);
    const Buffer& b = buffers[i];
    const auto size = static_cast<std::int64_t>(placing.size);
    // Zero-byte buffers come last (largest first) and fit at 0, which no range strictly contains.
    const std::int64_t offset = size > 0 ? index.first_fit(b.first_step, b.last_step, size) : 0;
    result.offsets[i] = offset;
    result.arena_bytes = std::max(result.arena_bytes, offset + size);
    if (size > 0) index.place(b.first_step, b.last_step, offset, offset + size);
  }
}

// The block search copies each buffer into every block it spans; when that is a few blocks a
// buffer on average (every shipped model at its default sizes), it is the faster search.
bool blocks_are_cheap(const std::vector<Buffer>& buffers) {
  std::uint64_t copies = 0, placed = 0;
  for (const Buffer& b : buffers) {
    if (b.kind == BufferKind::constant) continue;
    copies += static_cast<std::uint64_t>(b.last_step / k_block_steps - b.first_step / k_block_steps + 1);
    ++placed;
  }
  return copies <= k_cheap_blocks_per_buffer * placed;
}

}  // namespace

Allocation allocate_buffers(const Program& program, OffsetSearch search) {
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
  if (search == OffsetSearch::automatic) search = blocks_are_cheap(buffers) ? OffsetSearch::blocks : OffsetSearch::index;
  if (search == OffsetSearch::blocks) {
    place_by_blocks(buffers, steps, work, result);
  } else {
    place_by_index(buffers, steps, work, result);
  }
  return result;
}

}  // namespace anesim
