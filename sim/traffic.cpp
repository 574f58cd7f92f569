#include "sim/traffic.hpp"

#include "sim/buffer_cache.hpp"

namespace anesim {

namespace {

class MemoryWalk {
 public:
  MemoryWalk(const Program& program, const ChipSpec& chip)
      : m_program(program), m_l2(chip.l2_bytes), m_slc(chip.slc_bytes), m_traffic(program.ops.size()) {}

  std::vector<OpTraffic> run() {
    const auto& buffers = m_program.buffers;
    std::vector<std::vector<BufferId>> dies_after(m_program.ops.size());
    for (BufferId b = 0; b < static_cast<BufferId>(buffers.size()); ++b) {
      const Buffer& buf = buffers[static_cast<std::size_t>(b)];
      if (!buf.graph_output && buf.kind != BufferKind::constant && !m_program.ops.empty()) {
        dies_after[static_cast<std::size_t>(buf.last_step)].push_back(b);
      }
    }
    for (m_step = 0; m_step < static_cast<std::int32_t>(m_program.ops.size()); ++m_step) {
      const LoweredOp& op = m_program.ops[static_cast<std::size_t>(m_step)];
      OpTraffic& t = now();
      if (!op.free) {
        for (const Access& a : op.accesses) {
          if (op.engine == Engine::cpu) {
            cpu_access(a);
          } else {
            ane_access(a);
          }
        }
        if (op.engine == Engine::cpu) t.dram_read_bytes += op.cpu_table_bytes;
      }
      for (BufferId b : dies_after[static_cast<std::size_t>(m_step)]) {
        m_l2.remove(b);
        m_slc.remove(b);
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
    const BufferCache::Evict to_dram = [this](BufferId victim, std::int64_t loaded, bool dirty) {
      if (dirty && still_needed(victim)) now().dram_write_bytes += loaded;
    };
    const auto outcome = m_slc.access(b, view, bytes, whole(b), write, to_dram);
    now().slc_bytes += outcome.hit_bytes;
    (write ? now().dram_write_bytes : now().dram_read_bytes) += outcome.miss_bytes;
  }

  void ane_access(const Access& a) {
    const BufferCache::Evict to_slc = [this](BufferId victim, std::int64_t loaded, bool dirty) {
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
  BufferCache m_l2;
  BufferCache m_slc;
  std::vector<OpTraffic> m_traffic;
  std::int32_t m_step = 0;
};

}  // namespace

std::vector<OpTraffic> simulate_traffic(const Program& program, const ChipSpec& chip) {
  return MemoryWalk(program, chip).run();
}

}  // namespace anesim
