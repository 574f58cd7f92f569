#pragma once
// Replaying the allocator's first fit over a program's repeated layers (issue 22): a buffer of a
// layer (ProgramPeriods) takes its counterpart's offset in the layer before, or that offset moved
// up past one layer's K/V caches, instead of being searched; the offsets are then checked, and
// the whole program is searched again should a check fail.
//
// Why it is exact. First fit places buffers largest first (lower id first among equals), each at
// the lowest offset where it meets nothing placed before it that lives at the same time (its
// context). Two facts about a fit of size s at offset o:
//   - it depends only on what the context occupies below o + s;
//   - if the context gains a full slab [S, S + D) with all it held at or above S moved up by D,
//     a fit with o + s <= S stays at o and one with o >= S moves to o + D: below S nothing
//     changed, above it every gap kept its length and order. A fit across S has no counterpart.
// Take x in layer k and y, its counterpart in layer k + 1. The renaming keeps sizes, ids' order
// and lifetimes (shifted one layer, or running to the end in both: a cache), so it keeps the
// placement order and who lives with whom; a buffer outside the layers that lives through all of
// the replayed ones, or none, is in both contexts or neither (so is a slot each layer holds for
// the whole run, a decode step's K/V cache inputs, unless a replayed buffer has its size). Then y's context is x's renamed,
// plus whatever of layer 0 lives as late as y: with layers farther apart than any layer buffer
// reaches (the reach below), only layer 0's caches, which tile [S, S + D) with D one layer's
// caches. If every buffer z of x's context has its counterpart one layer on at o(z), or at
// o(z) + D, as z lies below S or at or above it (H), y's context is x's with that slab inserted
// below everything at or above S, and y lands at o(x) or o(x) + D by the second fact: with
// o(x) + s <= S the slab's presence does not matter (the first fact); with o(x) >= S all of
// layer 0's caches must have been placed before y, and a buffer outside the layers in its
// context must lie below S or above y's fit.
// The offsets are placed in order, so H can only be checked once all are known: allocate_buffers
// checks H for every buffer any replayed buffer's context can hold (the replayed ones among them,
// so a buffer replayed before S was known that lies above it fails), that layer 0's caches tile
// [S, S + D), and where the buffers outside the layers lie; on any failure it searches the whole
// program. tests/test_allocator_periods.cpp holds the offsets to the full search on random
// layered programs and on every zoo model on three chips.
#include <climits>
#include <cstdint>
#include <vector>

#include "sim/lower/program.hpp"

namespace anesim {

class PeriodOffsets {
 public:
  // The replay for `program`'s single run of repeated layers; none when it has another number of
  // runs or its layers do not repeat as the argument needs.
  explicit PeriodOffsets(const Program& program);

  [[nodiscard]] bool active() const { return m_active; }
  // The buffer whose offset `b` may repeat (its counterpart one layer before), or -1.
  [[nodiscard]] BufferId source(BufferId b) const {
    return m_active && m_replay[static_cast<std::size_t>(b)] ? m_source[static_cast<std::size_t>(b)] : -1;
  }
  // The offset a buffer with a source takes from its source's, or -1 when it must be searched
  // (its source lies across S). placed() is told every buffer's offset in placement order, to
  // learn where layer 0's caches went.
  [[nodiscard]] std::int64_t replayed_offset(std::int64_t source_offset, std::int64_t size_bytes);
  void placed(BufferId b, std::int64_t offset);
  // Whether the offsets so placed are first fit's (the checks above).
  [[nodiscard]] bool holds(const Program& program, const std::vector<std::int64_t>& offsets) const;

 private:
  // One of the layers' two id ranges (graph buffers, temporaries): layer k holds [first + k *
  // stride, + stride).
  struct IdRange {
    BufferId first;
    BufferId stride;
  };
  // The layers' buffers are the two ranges'; the others are outside the layers.
  struct Layers {
    const ProgramPeriods& periods;
    IdRange ranges[2];
    std::int32_t end;  // the program's last step: a cache lives to it
    PeriodRenaming ids;  // a renaming by zero periods, asked only which ids belong to one
    [[nodiscard]] bool holds(BufferId b) const { return ids.in_periods(b); }
  };
  // How far the layers repeat, and how far a layer's buffers reach.
  struct LayerRun {
    std::int32_t alike;  // layers [0, alike) each its counterpart's in the layer before, one layer on
    std::int32_t reach;  // a layer's buffers live with none `reach` or more layers later
    std::vector<std::uint8_t> whole[2];  // by range and slot: the same lifetime in every layer
  };
  [[nodiscard]] static std::int32_t first_layer_reach(const std::vector<Buffer>& buffers, const Layers& layers);
  [[nodiscard]] static LayerRun layer_run(const std::vector<Buffer>& buffers, const Layers& layers);
  void mark(const std::vector<Buffer>& buffers, const Layers& layers, const LayerRun& run, std::int32_t lo, std::int32_t hi);
  [[nodiscard]] bool outside_layers_allowed(const std::vector<Buffer>& buffers, const Layers& layers);

  bool m_active = false;
  std::vector<BufferId> m_source;        // by buffer: its counterpart one layer before, or -1
  std::vector<std::uint8_t> m_replay;    // by buffer: placed from its source's offset
  std::vector<std::uint8_t> m_checked;   // by buffer: H must hold between it and its source
  std::vector<std::uint8_t> m_first_cache;  // by buffer: one of layer 0's caches
  std::vector<std::uint8_t> m_whole;     // by buffer: in a slot every layer holds whole
  std::vector<BufferId> m_covering;      // buffers outside the layers living through the replay
  std::int32_t m_window_first = INT32_MAX, m_window_last = INT32_MIN;  // the replayed and their sources' steps
  std::int64_t m_slab_bytes = 0;         // D: one layer's caches
  std::int32_t m_first_caches = 0, m_first_caches_placed = 0;
  std::int64_t m_slab_begin = INT64_MAX;  // S, once layer 0's caches are all placed
  std::int64_t m_first_cache_low = INT64_MAX;
  // Of the buffers replayed D higher: the highest end, and the smallest size.
  std::int64_t m_above_end = 0, m_above_least = INT64_MAX;
};

}  // namespace anesim
