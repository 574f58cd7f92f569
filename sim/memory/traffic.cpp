#include "sim/memory/traffic.hpp"

#include "sim/memory/buffer_cache.hpp"

namespace anesim {

namespace {

// The two caches and the working arrays, kept per thread from one walk to the next, as the
// allocator and the lowering keep theirs: a sweep walks thousands of programs.
struct WalkScratch {
  BufferCache l2{0};
  BufferCache slc{0};
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
      : m_program(program), m_l2(scratch.l2), m_slc(scratch.slc), m_scratch(scratch), m_traffic(program.ops.size()) {
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
    for (m_step = 0; m_step < static_cast<std::int32_t>(m_program.ops.size()); ++m_step) {
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
      for (std::int32_t k = first_dying[static_cast<std::size_t>(m_step)]; k < first_dying[static_cast<std::size_t>(m_step) + 1]; ++k) {
        m_l2.remove(dies_after[static_cast<std::size_t>(k)]);
        m_slc.remove(dies_after[static_cast<std::size_t>(k)]);
      }
      t.l2_free_after_bytes = m_l2.capacity_bytes() - m_l2.resident_bytes();
    }
    return std::move(m_traffic);
  }

 private:
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
};

}  // namespace

std::vector<OpTraffic> simulate_traffic(const Program& program, const MemoryParams& params) {
  return MemoryWalk(program, params, walk_scratch()).run();
}

}  // namespace anesim
