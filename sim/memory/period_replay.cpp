#include "sim/memory/period_replay.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace anesim {

namespace {

// What the walk reads of a buffer besides its id.
bool alike(const Buffer& x, const Buffer& y) {
  return x.allocated_bytes == y.allocated_bytes && (x.kind == BufferKind::constant) == (y.kind == BufferKind::constant) &&
         x.graph_output == y.graph_output;
}

// Buffers [first + k * stride, + stride) alike those a stride before.
bool range_alike(const std::vector<Buffer>& buffers, BufferId first, BufferId stride, std::int32_t k) {
  for (BufferId b = first + k * stride; b < first + (k + 1) * stride; ++b) {
    if (!alike(buffers[static_cast<std::size_t>(b - stride)], buffers[static_cast<std::size_t>(b)])) return false;
  }
  return true;
}

bool step_repeats(const Program& program, const PeriodRenaming& next, const LoweredOp& a, const LoweredOp& b) {
  if (a.engine != b.engine || a.free != b.free || a.cpu_table_bytes != b.cpu_table_bytes) return false;
  if (a.free) return true;  // the walk makes no access for an elided op
  if (a.access_count != b.access_count) return false;
  const Access* x = program.accesses.data() + a.first_access;
  const Access* y = program.accesses.data() + b.first_access;
  for (std::int32_t i = 0; i < a.access_count; ++i) {
    if (x[i].bytes != y[i].bytes || x[i].write != y[i].write || next.buffer(x[i].buffer) != y[i].buffer ||
        next.view(x[i].view) != y[i].view) {
      return false;
    }
  }
  return true;
}

bool deaths_repeat(const PeriodRenaming& next, const DyingLists& dying, std::size_t a, std::size_t b) {
  const std::int32_t* x = dying.dies_after.data() + dying.first_dying[a];
  const std::int32_t* x_end = dying.dies_after.data() + dying.first_dying[a + 1];
  const std::int32_t* y = dying.dies_after.data() + dying.first_dying[b];
  const std::int32_t* y_end = dying.dies_after.data() + dying.first_dying[b + 1];
  if (x_end - x != y_end - y) return false;
  // In buffer order each; renaming may reorder them, and the lists are short.
  for (; x != x_end; ++x) {
    if (std::find(y, y_end, next.buffer(*x)) == y_end) return false;
  }
  return true;
}

}  // namespace

std::int32_t alike_through(const Program& program, const ProgramPeriods& p) {
  for (std::int32_t k = 1; k < p.count; ++k) {
    if (!range_alike(program.buffers, p.first_buffer, p.buffers, k) ||
        !range_alike(program.buffers, p.first_temporary, p.temporaries, k)) {
      return k;
    }
  }
  return p.count;
}

bool period_repeats(const Program& program, const ProgramPeriods& p, std::int32_t k, const DyingLists& dying) {
  const PeriodRenaming next(p, 1);
  const auto begin = static_cast<std::size_t>(p.first_step + (k - 1) * p.steps);
  const auto steps = static_cast<std::size_t>(p.steps);
  // A period the lowering emitted as the one before renamed has its steps and accesses by
  // construction (sim/lower/renamed_period.hpp); only the deaths are left to check.
  const bool renamed = static_cast<std::size_t>(k) < p.renamed.size() && p.renamed[static_cast<std::size_t>(k)] != 0;
  for (std::size_t s = begin; s < begin + steps; ++s) {
    if ((!renamed && !step_repeats(program, next, program.ops[s], program.ops[s + steps])) ||
        !deaths_repeat(next, dying, s, s + steps)) {
      return false;
    }
  }
  return true;
}

bool state_repeats(const ProgramPeriods& p, const BufferCache::State& before, const BufferCache::State& now) {
  if (before.entries.size() != now.entries.size()) return false;
  for (std::size_t i = 0; i < before.entries.size(); ++i) {
    const BufferCache::Resident& x = before.entries[i];
    const BufferCache::Resident& y = now.entries[i];
    if (p.renamed_buffer(x.buffer, 1) != y.buffer || x.reserved != y.reserved || x.loaded != y.loaded ||
        x.dirty != y.dirty || x.view_count != y.view_count) {
      return false;
    }
    for (std::int32_t v = 0; v < x.view_count; ++v) {
      if (p.renamed_view(before.views[static_cast<std::size_t>(x.first_view + v)], 1) !=
          now.views[static_cast<std::size_t>(y.first_view + v)]) {
        return false;
      }
    }
  }
  return true;
}

void rename_state(const ProgramPeriods& p, const BufferCache::State& state, std::int32_t count, BufferCache::State& out) {
  out.entries = state.entries;
  out.views.resize(state.views.size());
  for (BufferCache::Resident& r : out.entries) {
    r.buffer = p.renamed_buffer(r.buffer, count);
    if (r.buffer == ProgramPeriods::k_no_counterpart) throw Error("internal: a replayed period's cache entry has no counterpart");
  }
  for (std::size_t v = 0; v < state.views.size(); ++v) {
    out.views[v] = p.renamed_view(state.views[v], count);
    if (out.views[v] == ProgramPeriods::k_no_counterpart) throw Error("internal: a replayed period's view has no counterpart");
  }
}

}  // namespace anesim
