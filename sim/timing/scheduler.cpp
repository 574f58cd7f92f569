#include "sim/timing/scheduler.hpp"

#include <algorithm>

namespace anesim {

namespace {

// The next op that does work, or -1.
std::int32_t next_working(const Program& program, std::size_t step) {
  for (std::size_t k = step + 1; k < program.ops.size(); ++k) {
    if (!program.ops[k].free) return static_cast<std::int32_t>(k);
  }
  return -1;
}

// When an op that starts at s.start_s ends: after its overhead, the longest of what it waits on
// (an ANE op: compute, DMA or L2; a CPU op: compute or memory). One expression, so a replayed
// period's ends are the sums a scheduled one's are, to the bit.
double end_of(const ScheduledOp& s, Engine engine) {
  return engine == Engine::ane ? s.start_s + s.overhead_s + std::max({s.compute_s, s.dma_s, s.l2_s})
                               : s.start_s + s.overhead_s + std::max(s.compute_s, s.dma_s);
}

// An ANE op from s.start_s on, `prefetched` bytes of its weights already in L2.
void time_ane_op(const LoweredOp& op, const OpTraffic& t, const TimingParams& params, std::int64_t prefetched,
                 ScheduledOp& s) {
  s.cores_used = std::min<std::int64_t>(params.cores, std::max<std::int64_t>(op.work_rows, 1));
  const double core_share = static_cast<double>(s.cores_used) / static_cast<double>(params.cores);
  s.compute_s = op.mac_flops / (params.mac_flops_per_s * core_share * op.mac_utilisation) +
                op.vector_flops / (params.vector_flops_per_s * core_share);
  s.prefetched_weight_bytes = std::min(prefetched, op.weight_bytes);
  const std::int64_t dma_bytes = t.dram_read_bytes + t.dram_write_bytes + op.weight_bytes - s.prefetched_weight_bytes;
  // Rule 11: every batch element after the first streams the op's weights again, from the SLC
  // when they fit there, else from DRAM.
  s.restream_weight_bytes = (op.batch_passes - 1) * op.weight_bytes;
  const bool restream_hits_slc = op.weight_bytes <= params.slc_bytes;
  const auto dram_bytes = static_cast<double>(dma_bytes + (restream_hits_slc ? 0 : s.restream_weight_bytes));
  const auto slc_bytes = static_cast<double>(t.slc_bytes + (restream_hits_slc ? s.restream_weight_bytes : 0));
  // Two limits on one DMA: DRAM delivers its bytes at the DRAM's rate, and everything, DRAM and
  // SLC bytes alike, passes the ANE's port at the port's ceiling.
  s.dma_s = std::max(dram_bytes / params.dram_bandwidth_Bps, (dram_bytes + slc_bytes) / params.port_bandwidth_Bps);
  s.l2_s = static_cast<double>(t.l2_bytes) / params.l2_bandwidth_Bps;
  s.overhead_s = params.op_overhead_s;
  s.regime = dominant_regime(s.compute_s, std::max(s.dma_s, s.l2_s), s.overhead_s);
  s.end_s = end_of(s, Engine::ane);
}

// Double buffering: the DMA engine's idle time in the ANE op at `step` fetches the next op's
// weights, when the next op that works is an ANE op, into the L2 room left free.
std::int64_t prefetch_after(const Program& program, std::size_t step, const OpTraffic& t, const ScheduledOp& s,
                            const TimingParams& params) {
  const std::int32_t next = next_working(program, step);
  if (next < 0 || program.ops[static_cast<std::size_t>(next)].engine != Engine::ane) return 0;
  const double idle_s = s.overhead_s + std::max({s.compute_s, s.dma_s, s.l2_s}) - s.dma_s;
  const auto by_time = static_cast<std::int64_t>(idle_s * params.dram_bandwidth_Bps);
  return std::min({program.ops[static_cast<std::size_t>(next)].weight_bytes, by_time,
                   std::max<std::int64_t>(t.l2_free_after_bytes, 0)});
}

// A CPU op from s.start_s on: every byte it touches streams through the CPU's own bandwidth.
void time_cpu_op(const LoweredOp& op, const OpTraffic& t, const TimingParams& params, ScheduledOp& s) {
  s.cores_used = 0;
  s.compute_s = (op.mac_flops + op.vector_flops) / params.cpu_flops_per_s;
  const std::int64_t bytes = t.dram_read_bytes + t.dram_write_bytes + t.slc_bytes + op.weight_bytes;
  s.dma_s = static_cast<double>(bytes) / params.cpu_bandwidth_Bps;
  s.overhead_s = params.cpu_op_overhead_s;
  s.regime = dominant_regime(s.compute_s, s.dma_s, s.overhead_s);
  s.end_s = end_of(s, Engine::cpu);
}

// What the schedule carries from one step to the next besides the clock.
struct ScheduleState {
  bool ane_program_open = false;  // an ANE program is running and can take the next ANE op
  bool any_work_done = false;
  Engine last_engine = Engine::ane;
  std::int64_t prefetched = 0;  // weight bytes of the next ANE op already in L2
  bool operator==(const ScheduleState&) const = default;
};

class Scheduler {
 public:
  Scheduler(const Program& program, const std::vector<OpTraffic>& traffic, const TimingParams& params)
      : m_program(program), m_traffic(traffic), m_params(params), m_out(program.ops.size()) {}

  std::vector<ScheduledOp> run(std::int32_t* replayed_steps) {
    for (const ProgramPeriods& p : m_program.periods) schedule_periods(p);
    schedule_until(static_cast<std::int32_t>(m_program.ops.size()));
    if (replayed_steps) *replayed_steps = m_replayed;
    return std::move(m_out);
  }

 private:
  void schedule_until(std::int32_t end) {
    for (; m_step < end; ++m_step) schedule_step(static_cast<std::size_t>(m_step));
  }

  void schedule_step(std::size_t step) {
    const LoweredOp& op = m_program.ops[step];
    const OpTraffic& t = m_traffic[step];
    ScheduledOp& s = m_out[step];
    if (op.free) {
      s.start_s = s.end_s = m_now;
      return;
    }
    if (op.engine == Engine::ane && !m_state.ane_program_open) {
      s.border_s += m_params.program_dispatch_s;
      m_state.ane_program_open = true;
    }
    if (op.engine == Engine::cpu && m_state.any_work_done && m_state.last_engine == Engine::ane) {
      s.border_s += m_params.handover_sync_s;
      m_state.ane_program_open = false;
    }
    m_now += s.border_s;
    s.start_s = m_now;
    if (op.engine == Engine::ane) {
      time_ane_op(op, t, m_params, m_state.prefetched, s);
      m_state.prefetched = prefetch_after(m_program, step, t, s, m_params);
    } else {
      time_cpu_op(op, t, m_params, s);
      m_state.prefetched = 0;
    }
    m_now = s.end_s;
    m_state.last_engine = op.engine;
    m_state.any_work_done = true;
  }

  // A period of repeated layers (ProgramPeriods) whose steps the lowering emitted as the period
  // before's renamed (so each step's fields are its counterpart's), whose traffic is the period
  // before's, and which starts in the schedule state the period before started in, runs the same:
  // the state it leaves is the one it met, and each step takes its counterpart's times with its
  // start and end summed on the clock as scheduling it would (end_of). The one look past the
  // period, the prefetch of the next working op's weights after its last, must agree too.
  void schedule_periods(const ProgramPeriods& p) {
    schedule_until(p.first_step);
    std::int32_t saved = -1;  // the period whose entering state m_before holds
    for (std::int32_t k = 0; k < p.count; ++k) {
      if (k >= 1 && saved == k - 1 && m_state == m_before && repeats(p, k)) {
        replay(p, k);
        saved = k;  // entering k the state was m_before, as entering k - 1
        continue;
      }
      m_before = m_state;
      saved = k;
      schedule_until(p.first_step + (k + 1) * p.steps);
    }
  }

  [[nodiscard]] bool repeats(const ProgramPeriods& p, std::int32_t k) const {
    if (static_cast<std::size_t>(k) >= p.renamed.size() || p.renamed[static_cast<std::size_t>(k)] == 0) return false;
    const auto begin = static_cast<std::size_t>(p.first_step + k * p.steps);
    const auto steps = static_cast<std::size_t>(p.steps);
    for (std::size_t s = begin; s < begin + steps; ++s) {
      if (m_traffic[s - steps] != m_traffic[s]) return false;
    }
    const LoweredOp* before = next_working_from(begin);
    const LoweredOp* after = next_working_from(begin + steps);
    if ((before == nullptr) != (after == nullptr)) return false;
    return before == nullptr || (before->engine == after->engine && before->weight_bytes == after->weight_bytes);
  }

  [[nodiscard]] const LoweredOp* next_working_from(std::size_t step) const {
    for (; step < m_program.ops.size(); ++step) {
      if (!m_program.ops[step].free) return &m_program.ops[step];
    }
    return nullptr;
  }

  void replay(const ProgramPeriods& p, std::int32_t k) {
    const auto begin = static_cast<std::size_t>(p.first_step + k * p.steps);
    const auto steps = static_cast<std::size_t>(p.steps);
    for (std::size_t step = begin; step < begin + steps; ++step) {
      ScheduledOp& s = m_out[step];
      s = m_out[step - steps];
      const LoweredOp& op = m_program.ops[step];
      if (op.free) {
        s.start_s = s.end_s = m_now;
        continue;
      }
      m_now += s.border_s;
      s.start_s = m_now;
      s.end_s = end_of(s, op.engine);
      m_now = s.end_s;
    }
    m_step = static_cast<std::int32_t>(begin + steps);
    m_replayed += p.steps;
  }

  const Program& m_program;
  const std::vector<OpTraffic>& m_traffic;
  const TimingParams& m_params;
  std::vector<ScheduledOp> m_out;
  std::int32_t m_step = 0;
  double m_now = 0;
  ScheduleState m_state, m_before;
  std::int32_t m_replayed = 0;
};

}  // namespace

std::vector<ScheduledOp> schedule_ops(const Program& program, const std::vector<OpTraffic>& traffic, const TimingParams& params,
                                      std::int32_t* replayed_steps) {
  return Scheduler(program, traffic, params).run(replayed_steps);
}

}  // namespace anesim
