#include "sim/memory/period_offsets.hpp"

#include <algorithm>
#include <climits>
#include <utility>

namespace anesim {

// Layer 0's reach, a lower bound of the layers'.
std::int32_t PeriodOffsets::first_layer_reach(const std::vector<Buffer>& buffers, const Layers& layers) {
  std::int32_t first = INT32_MAX, last = INT32_MIN;
  for (const IdRange& r : layers.ranges) {
    for (BufferId j = 0; j < r.stride; ++j) {
      const Buffer& x = buffers[static_cast<std::size_t>(r.first + j)];
      if (x.kind == BufferKind::constant || x.last_step == layers.end) continue;  // caches, whole-run inputs
      first = std::min(first, x.first_step);
      last = std::max(last, x.last_step);
    }
  }
  return last < first ? 1 : (last - first) / layers.periods.steps + 1;
}

// Alike: every buffer the same size and kind as its counterpart one layer before, its lifetime
// shifted one layer, or from one layer later to the end (a cache), or, in every layer, the same
// (a slot held whole: a decode step's K/V cache inputs, alive from the first step to the last).
// The last layer usually is not alike (the head reads its output, which then dies). The reach
// counts the unlike layers too, and not the slots held whole, which are buffers outside the
// layers to the argument.
PeriodOffsets::LayerRun PeriodOffsets::layer_run(const std::vector<Buffer>& buffers, const Layers& layers) {
  const ProgramPeriods& p = layers.periods;
  const std::int32_t end = layers.end;
  LayerRun run{p.count, 1, {}};
  std::int32_t first_rel = INT32_MAX, last_rel = INT32_MIN;  // from the buffer's layer's first step
  for (std::size_t n = 0; n < 2; ++n) {
    const IdRange& r = layers.ranges[n];
    std::vector<std::uint8_t>& whole = run.whole[n];
    whole.assign(static_cast<std::size_t>(std::max(r.stride, 0)), 0);
    for (BufferId j = 0; r.stride > 0 && p.count > 1 && j < r.stride; ++j) {
      const Buffer& x = buffers[static_cast<std::size_t>(r.first + j)];
      const Buffer& y = buffers[static_cast<std::size_t>(r.first + r.stride + j)];
      whole[static_cast<std::size_t>(j)] = x.first_step == y.first_step && x.last_step == y.last_step;
    }
    for (std::int32_t k = 0; r.stride > 0 && k < p.count; ++k) {
      const std::int32_t start = p.first_step + k * p.steps;
      for (BufferId j = 0; j < r.stride; ++j) {
        const Buffer& x = buffers[static_cast<std::size_t>(r.first + k * r.stride + j)];
        if (x.kind == BufferKind::constant) continue;
        const bool held_whole = whole[static_cast<std::size_t>(j)] != 0;
        if (!held_whole) first_rel = std::min(first_rel, x.first_step - start);
        if (!held_whole && x.last_step != end) last_rel = std::max(last_rel, x.last_step - start);
        if (k + 1 >= run.alike) continue;
        const Buffer& y = buffers[static_cast<std::size_t>(r.first + (k + 1) * r.stride + j)];
        const bool same = held_whole && y.first_step == x.first_step && y.last_step == x.last_step;
        const bool shifted = !held_whole && x.last_step != end && y.first_step == x.first_step + p.steps &&
                             y.last_step == x.last_step + p.steps;
        const bool cache = !held_whole && x.last_step == end && y.first_step == x.first_step + p.steps && y.last_step == end;
        if ((y.kind == BufferKind::constant) != (x.kind == BufferKind::constant) || y.allocated_bytes != x.allocated_bytes ||
            !(same || shifted || cache)) {
          run.alike = k + 1;
        }
      }
    }
  }
  if (first_rel == INT32_MAX) return {0, 1, {}};
  run.reach = last_rel == INT32_MIN ? 1 : (last_rel - first_rel) / p.steps + 1;
  return run;
}

PeriodOffsets::PeriodOffsets(const Program& program) {
  if (program.periods.size() != 1) return;
  const ProgramPeriods& p = program.periods[0];
  const std::vector<Buffer>& buffers = program.buffers;
  const Layers layers{p, {{p.first_buffer, p.buffers}, {p.first_temporary, p.temporaries}},
                      static_cast<std::int32_t>(std::max<std::size_t>(program.ops.size(), 1)) - 1, PeriodRenaming(p, 0)};
  const IdRange& graph = layers.ranges[0];
  const IdRange& temporaries = layers.ranges[1];
  for (const IdRange& r : layers.ranges) {  // within the program, as the lowering makes them
    const auto last = static_cast<std::int64_t>(r.first) + static_cast<std::int64_t>(r.stride) * p.count;
    if (r.stride < 0 || (r.stride > 0 && (r.first < 0 || last > static_cast<std::int64_t>(buffers.size())))) return;
  }
  // The renaming keeps the placement order when each range shifts as one and the two do not
  // interleave.
  if (graph.stride > 0 && temporaries.stride > 0 && !(graph.first + graph.stride * p.count <= temporaries.first ||
                                                      temporaries.first + temporaries.stride * p.count <= graph.first)) {
    return;
  }
  // A run of fewer than 8 layers replays 3 at most (the margins below), which does not pay for
  // checking every buffer: distilbert's 5 copied layers are searched. Layer 0's reach bounds the
  // layers' from below, and with it the replayed layers, before that check.
  if (p.count < 8 || p.steps <= 0) return;
  const std::int32_t least_reach = first_layer_reach(buffers, layers);
  if (2 * least_reach + 1 > p.count - 2 * least_reach) return;
  const LayerRun run = layer_run(buffers, layers);
  // Replayed: layers [lo, hi], far enough from both ends of the alike ones that every context
  // holds buffers of layers no nearer than `reach` to either; checked (H): the layers their
  // contexts can reach, [lo - reach + 1, hi + reach - 1] and every cache up to the last.
  const std::int32_t lo = 2 * run.reach + 1, hi = run.alike - 2 * run.reach;
  if (lo > hi) return;
  mark(buffers, layers, run, lo, hi);
  m_active = outside_layers_allowed(buffers, layers);
}

void PeriodOffsets::mark(const std::vector<Buffer>& buffers, const Layers& layers, const LayerRun& run, std::int32_t lo,
                         std::int32_t hi) {
  const std::int32_t reach = run.reach;
  m_source.assign(buffers.size(), -1);
  m_checked.assign(buffers.size(), 0);
  m_first_cache.assign(buffers.size(), 0);
  m_replay.assign(buffers.size(), 0);
  m_whole.assign(buffers.size(), 0);
  // A slot held whole is in the contexts of x and y alike only if it is placed before both or
  // after both: a replayed buffer of its size could fall between (ids of later layers). No random
  // program has yet failed for want of this rule alone; the argument needs it.
  std::vector<std::int64_t> whole_sizes;
  for (std::size_t n = 0; n < 2; ++n) {
    const IdRange& r = layers.ranges[n];
    for (std::int32_t k = 0; r.stride > 0 && k < layers.periods.count; ++k) {
      for (BufferId j = 0; j < r.stride; ++j) {
        if (!run.whole[n][static_cast<std::size_t>(j)]) continue;
        const auto b = static_cast<std::size_t>(r.first + k * r.stride + j);
        m_whole[b] = 1;
        whole_sizes.push_back(buffers[b].allocated_bytes);
      }
    }
  }
  std::sort(whole_sizes.begin(), whole_sizes.end());
  for (std::size_t n = 0; n < 2; ++n) {
    const IdRange& r = layers.ranges[n];
    for (std::int32_t k = 1; r.stride > 0 && k < run.alike; ++k) {
      for (BufferId j = 0; j < r.stride; ++j) {
        const BufferId y = r.first + k * r.stride + j, x = y - r.stride;
        const Buffer& b = buffers[static_cast<std::size_t>(y)];
        if (b.kind == BufferKind::constant || run.whole[n][static_cast<std::size_t>(j)]) continue;
        const bool cache = b.last_step == layers.end;
        if (k == 1 && cache) {
          m_first_cache[static_cast<std::size_t>(x)] = 1;
          m_slab_bytes += b.allocated_bytes;
          ++m_first_caches;
        }
        // Contexts of layer [lo - 1, hi - 1] buffers hold buffers of layers within reach - 1
        // of them, and caches of any layer before.
        const bool in_context = cache ? k <= hi + reach - 1 : k >= lo - reach + 1 && k <= hi + reach - 1;
        if (in_context) {
          m_source[static_cast<std::size_t>(y)] = x;
          m_checked[static_cast<std::size_t>(y)] = 1;
        }
        if (cache || k < lo || k > hi || b.allocated_bytes == 0) continue;
        if (std::binary_search(whole_sizes.begin(), whole_sizes.end(), b.allocated_bytes)) continue;
        m_source[static_cast<std::size_t>(y)] = x;
        m_replay[static_cast<std::size_t>(y)] = 1;
        m_window_first = std::min(m_window_first, buffers[static_cast<std::size_t>(x)].first_step);
        m_window_last = std::max(m_window_last, b.last_step);
      }
    }
  }
}

// A buffer outside the layers (or held whole by them) must live with all the replayed ones and
// their sources, or none.
bool PeriodOffsets::outside_layers_allowed(const std::vector<Buffer>& buffers, const Layers& layers) {
  for (std::size_t b = 0; b < buffers.size(); ++b) {
    const Buffer& g = buffers[b];
    const auto id = static_cast<BufferId>(b);
    if (g.kind == BufferKind::constant || (layers.holds(id) && !m_whole[b])) continue;
    if (g.last_step < m_window_first || g.first_step > m_window_last) continue;
    if (g.first_step > m_window_first || g.last_step < m_window_last) return false;
    m_covering.push_back(id);
  }
  return true;
}

std::int64_t PeriodOffsets::replayed_offset(std::int64_t source_offset, std::int64_t size_bytes) {
  if (m_slab_bytes == 0) return source_offset;  // no caches: nothing is inserted
  // Where the slab starts is not known until layer 0's caches are all placed: before, below it,
  // which holds() checks as it checks every replayed buffer against its source.
  if (m_first_caches_placed < m_first_caches) return source_offset;
  if (source_offset + size_bytes <= m_slab_begin) return source_offset;
  if (source_offset >= m_slab_begin) {
    m_above_end = std::max(m_above_end, source_offset + m_slab_bytes + size_bytes);
    m_above_least = std::min(m_above_least, size_bytes);
    return source_offset + m_slab_bytes;
  }
  return -1;  // across S: searched
}

void PeriodOffsets::placed(BufferId b, std::int64_t offset) {
  if (!m_first_cache[static_cast<std::size_t>(b)]) return;
  m_first_cache_low = std::min(m_first_cache_low, offset);
  if (++m_first_caches_placed == m_first_caches) m_slab_begin = m_first_cache_low;
}

bool PeriodOffsets::holds(const Program& program, const std::vector<std::int64_t>& offsets) const {
  if (!m_active) return true;
  const std::vector<Buffer>& buffers = program.buffers;
  const std::int64_t slab_begin = m_slab_bytes == 0 ? INT64_MAX : m_slab_begin;
  // Layer 0's caches tile [S, S + D): the slab the second fact inserts is full. (H for the caches
  // alone leaves room for holes between them, though first fit would fill such a hole a layer
  // later and fail H there; random programs have not reached a failure only this finds.)
  std::vector<std::pair<std::int64_t, std::int64_t>> slab;
  for (std::size_t b = 0; b < buffers.size(); ++b) {
    if (m_first_cache[b]) slab.emplace_back(offsets[b], buffers[b].allocated_bytes);
  }
  std::sort(slab.begin(), slab.end());
  std::int64_t at = slab_begin;
  for (const auto& [offset, bytes] : slab) {
    if (offset != at) return false;
    at += bytes;
  }
  // H: each checked buffer where its source was, or D higher, as the source lies below S or not.
  for (std::size_t b = 0; b < buffers.size(); ++b) {
    if (!m_checked[b]) continue;
    const std::int64_t from = offsets[static_cast<std::size_t>(m_source[b])], size = buffers[b].allocated_bytes;
    if (from + size <= slab_begin) {
      if (offsets[b] != from) return false;
    } else if (from >= slab_begin) {
      if (offsets[b] != from + m_slab_bytes) return false;
    } else {
      return false;
    }
  }
  // A buffer outside the layers in the context of one placed D higher lies below S, where nothing
  // moved, or above every such fit, where it does not matter; one smaller than all of them was
  // placed after them and is in none of their contexts.
  for (BufferId g : m_covering) {
    const std::int64_t begin = offsets[static_cast<std::size_t>(g)], size = buffers[static_cast<std::size_t>(g)].allocated_bytes;
    if (size < m_above_least || begin + size <= slab_begin || begin >= m_above_end) continue;
    return false;
  }
  return true;
}

}  // namespace anesim
