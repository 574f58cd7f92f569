#pragma once
// Replaying a repeated layer in the memory walk (issue 22): the walk over a period of the program
// (ProgramPeriods, one layer the builder copied) gives the traffic of the period before it, step
// for step, when both of these hold under the periods' renaming of buffers and views (phi):
//   - the buffers of every period up to it are alike their counterparts in the period before in
//     what the walk reads of a buffer (its bytes, whether it is a constant or a graph output), so
//     every buffer the two periods touch is alike its renaming (alike_through);
//   - the period repeats the one before (period_repeats): each step's engine, elision and CPU
//     table bytes, and its accesses renamed (buffer, view, bytes, read or write); the buffers
//     that die after each step, renamed;
//   - the caches entering it hold the renamed contents of the caches entering the period before
//     (state_repeats): the same entries in the same LRU order, each with the same reserved and
//     loaded bytes, dirty bit and loaded views, renamed.
// Why that suffices: the caches never compare buffer ids, only follow LRU order, bytes, flags and
// view equality, and phi is injective, so renaming commutes with every access, eviction and
// removal. The one decision that reads a step number, whether an evicted dirty buffer is still
// needed (its last step lies ahead), agrees too: a resident buffer that is no graph output or
// constant is unneeded exactly at the step after which it dies, and the dying lists match. So the
// period's traffic is the one before's and the caches leave it holding phi of what they held on
// entering it, which is the second condition for the period after it: a run of periods that
// repeat is replayed from the first one's traffic, checking only the program from there on.
// Nothing is assumed of the lowering: a period that differs (the first, reading the layer before
// the copies; the last, when the head reads a shared buffer that then dies) fails a check and is
// walked in full. tests/test_period_replay.cpp holds the traffic equal to a full walk.
#include <cstdint>
#include <span>

#include "sim/lower/program.hpp"
#include "sim/memory/buffer_cache.hpp"

namespace anesim {

// The walk's dying lists: the buffers that die after step s are dies_after[first_dying[s],
// first_dying[s + 1]).
struct DyingLists {
  std::span<const std::int32_t> first_dying;
  std::span<const BufferId> dies_after;
};

// The first period whose buffers are not alike the period before's (periods.count when all are):
// the walk may replay period k only for k below it. A state entering period k holds buffers of the
// periods before k, and period k - 1 touches buffers of periods up to k - 1, whose renamings lie in
// periods up to k.
[[nodiscard]] std::int32_t alike_through(const Program& program, const ProgramPeriods& periods);

// Whether period k (k >= 1) of `periods` repeats period k - 1, whatever the caches hold.
[[nodiscard]] bool period_repeats(const Program& program, const ProgramPeriods& periods, std::int32_t k,
                                  const DyingLists& dying);

// Whether `now` (the caches entering a period) is `before` (entering the period before) renamed.
[[nodiscard]] bool state_repeats(const ProgramPeriods& periods, const BufferCache::State& before, const BufferCache::State& now);

// `state` with every buffer and view renamed `count` periods on, into `out`. The entries must
// have counterparts there: a state entering period k holds buffers of periods before k only, so
// renaming it by up to the number of periods after k is defined.
void rename_state(const ProgramPeriods& periods, const BufferCache::State& state, std::int32_t count,
                  BufferCache::State& out);

}  // namespace anesim
