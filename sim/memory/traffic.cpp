#include "sim/memory/traffic.hpp"

#include <algorithm>

#include "sim/memory/buffer_cache.hpp"
#include "sim/memory/period_replay.hpp"

namespace anesim {

namespace {

// Both caches' contents, as the replay of repeated periods saves and compares them.
struct CacheStates {
  BufferCache::State l2, slc;
};

// The two caches and the working arrays, kept per thread from one walk to the next, as the
// allocator and the lowering keep theirs: a sweep walks thousands of programs.
struct WalkScratch {
  BufferCache l2{0};
  BufferCache slc{0};
  CacheStates before, now;
  std::vector<std::int32_t> first_dying, fill;
  std::vector<BufferId> dies_after;
};

[[gnu::noinline]] WalkScratch& walk_scratch() {  // keeps the thread-local look-up out of the loops
  thread_local WalkScratch s;
  return s;
}

class MemoryWalk {
 public:
  MemoryWalk(const Program& program, const MemoryParams& params, WalkScratch& scratch)
      : m_program(program), m_l2(scratch.l2), m_slc(scratch.slc), m_scratch(scratch), m_traffic(program.ops.size()),
        m_before(scratch.before), m_now(scratch.now) {
    m_l2.reset(params.l2_bytes);
    m_slc.reset(params.slc_bytes);
    m_l2.reserve_buffers(program.buffers.size());
    m_slc.reserve_buffers(program.buffers.size());
  }

  std::vector<OpTraffic> run() {
    // The buffers that die after each step, grouped by step (a counting sort, in buffer order):
    // dies_after[first_dying[s], first_dying[s + 1]).
    const auto& buffers = m_program.buffers;
    const std::size_t steps = m_program.ops.size();
    std::vector<std::int32_t>& first_dying = m_scratch.first_dying;
    first_dying.assign(steps + 1, 0);
    auto dies = [&](const Buffer& buf) { return !buf.graph_output && buf.kind != BufferKind::constant && steps > 0; };
    for (const Buffer& buf : buffers) {
      if (dies(buf)) ++first_dying[static_cast<std::size_t>(buf.last_step) + 1];
    }
    for (std::size_t s = 0; s < steps; ++s) first_dying[s + 1] += first_dying[s];
    std::vector<BufferId>& dies_after = m_scratch.dies_after;
    dies_after.resize(static_cast<std::size_t>(first_dying[steps]));
    std::vector<std::int32_t>& fill = m_scratch.fill;
    fill.assign(first_dying.begin(), first_dying.end() - (steps > 0 ? 1 : 0));
    for (BufferId b = 0; b < static_cast<BufferId>(buffers.size()); ++b) {
      const Buffer& buf = buffers[static_cast<std::size_t>(b)];
      if (dies(buf)) dies_after[static_cast<std::size_t>(fill[static_cast<std::size_t>(buf.last_step)]++)] = b;
    }
    m_dying = {first_dying, dies_after};
    m_step = 0;
    for (const ProgramPeriods& p : m_program.periods) walk_periods(p);
    walk_until(static_cast<std::int32_t>(steps));
    return std::move(m_traffic);
  }

  std::int32_t replayed_steps() const { return m_replayed_steps; }

 private:
  void walk_until(std::int32_t end) {
    for (; m_step < end; ++m_step) walk_step();
  }

  void walk_step() {
    const LoweredOp& op = m_program.ops[static_cast<std::size_t>(m_step)];
    OpTraffic& t = now();
    if (!op.free) {
      for (const Access& a : m_program.accesses_of(op)) {
        if (op.engine == Engine::cpu) {
          cpu_access(a);
        } else {
          ane_access(a);
        }
      }
      if (op.engine == Engine::cpu) t.dram_read_bytes += op.cpu_table_bytes;
    }
    const auto& first_dying = m_dying.first_dying;
    for (std::int32_t k = first_dying[static_cast<std::size_t>(m_step)]; k < first_dying[static_cast<std::size_t>(m_step) + 1]; ++k) {
      m_l2.remove(m_dying.dies_after[static_cast<std::size_t>(k)]);
      m_slc.remove(m_dying.dies_after[static_cast<std::size_t>(k)]);
    }
    t.l2_free_after_bytes = m_l2.capacity_bytes() - m_l2.resident_bytes();
  }

  // The periods of one run of copied layers (sim/memory/period_replay.hpp): each is walked in full
  // unless it and the caches entering it repeat the period before, and then it and every later
  // period that repeats its predecessor take that period's traffic, and the caches jump to what
  // they hold after the last of them.
  void walk_periods(const ProgramPeriods& p) {
    walk_until(p.first_step);
    const std::int32_t alike = alike_through(m_program, p);
    std::int32_t saved = -1;  // the period whose entering caches m_before holds
    for (std::int32_t k = 0; k < p.count;) {
      if (k >= 1 && k < alike && saved == k - 1 && entering_caches_repeat(p) && period_repeats(m_program, p, k, m_dying)) {
        std::int32_t next = k;
        do {
          replay(p, k - 1, next++);
        } while (next < alike && period_repeats(m_program, p, next, m_dying));
        jump_caches(p, next - k);
        m_step = p.first_step + next * p.steps;
        saved = -1;
        k = next;
        continue;
      }
      m_l2.save(m_before.l2);
      m_slc.save(m_before.slc);
      saved = k;
      walk_until(p.first_step + (k + 1) * p.steps);
      ++k;
    }
  }

  bool entering_caches_repeat(const ProgramPeriods& p) {
    m_l2.save(m_now.l2);
    m_slc.save(m_now.slc);
    return state_repeats(p, m_before.l2, m_now.l2) && state_repeats(p, m_before.slc, m_now.slc);
  }

  // Period `to` takes period `from`'s traffic, step for step.
  void replay(const ProgramPeriods& p, std::int32_t from, std::int32_t to) {
    const auto source = m_traffic.begin() + p.first_step + from * p.steps;
    std::copy(source, source + p.steps, m_traffic.begin() + p.first_step + to * p.steps);
    m_replayed_steps += p.steps;
  }

  // The caches as they leave `count` replayed periods: what they held entering the first of them
  // (m_now), renamed `count` periods on.
  void jump_caches(const ProgramPeriods& p, std::int32_t count) {
    rename_state(p, m_now.l2, count, m_before.l2);
    rename_state(p, m_now.slc, count, m_before.slc);
    m_l2.load(m_before.l2);
    m_slc.load(m_before.slc);
  }

  OpTraffic& now() { return m_traffic[static_cast<std::size_t>(m_step)]; }
  std::int64_t whole(BufferId b) const { return m_program.buffers[static_cast<std::size_t>(b)].allocated_bytes; }
  bool still_needed(BufferId b) const {
    const Buffer& buf = m_program.buffers[static_cast<std::size_t>(b)];
    return buf.graph_output || buf.kind == BufferKind::constant || buf.last_step > m_step;
  }

  // The SLC sits in front of DRAM for every engine.
  void slc_access(BufferId b, std::int32_t view, std::int64_t bytes, bool write) {
    const auto to_dram = [this](BufferId victim, std::int64_t loaded, bool dirty) {
      if (dirty && still_needed(victim)) now().dram_write_bytes += loaded;
    };
    const auto outcome = m_slc.access(b, view, bytes, whole(b), write, to_dram);
    now().slc_bytes += outcome.hit_bytes;
    (write ? now().dram_write_bytes : now().dram_read_bytes) += outcome.miss_bytes;
  }

  void ane_access(const Access& a) {
    const auto to_slc = [this](BufferId victim, std::int64_t loaded, bool dirty) {
      if (dirty && still_needed(victim)) slc_access(victim, -1, loaded, true);
    };
    const auto outcome = m_l2.access(a.buffer, a.view, a.bytes, whole(a.buffer), a.write, to_slc);
    OpTraffic& t = now();
    t.l2_bytes += outcome.hit_bytes;
    if (!a.write) ++(outcome.miss_bytes > 0 ? t.l2_misses : t.l2_hits);
    if (outcome.miss_bytes > 0) slc_access(a.buffer, a.view, outcome.miss_bytes, a.write);
  }

  void cpu_access(const Access& a) {
    if (a.write) {
      m_l2.remove(a.buffer);  // the ANE's copy is stale now
    } else if (const std::int64_t handed = m_l2.clean(a.buffer); handed > 0) {
      now().handover_bytes += handed;
      slc_access(a.buffer, -1, handed, true);
    }
    slc_access(a.buffer, a.view, a.bytes, a.write);
  }

  const Program& m_program;
  BufferCache& m_l2;
  BufferCache& m_slc;
  WalkScratch& m_scratch;
  std::vector<OpTraffic> m_traffic;
  std::int32_t m_step = 0;
  DyingLists m_dying;
  CacheStates& m_before;  // entering the period before the one being walked
  CacheStates& m_now;     // entering this one
  std::int32_t m_replayed_steps = 0;
};

}  // namespace

std::vector<OpTraffic> simulate_traffic(const Program& program, const MemoryParams& params, std::int32_t* replayed_steps) {
  MemoryWalk walk(program, params, walk_scratch());
  std::vector<OpTraffic> traffic = walk.run();
  if (replayed_steps) *replayed_steps = walk.replayed_steps();
  return traffic;
}

}  // namespace anesim
