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
  s.end_s = s.start_s + s.overhead_s + std::max({s.compute_s, s.dma_s, s.l2_s});
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
  s.end_s = s.start_s + s.overhead_s + std::max(s.compute_s, s.dma_s);
}

}  // namespace

std::vector<ScheduledOp> schedule_ops(const Program& program, const std::vector<OpTraffic>& traffic, const TimingParams& params) {
  std::vector<ScheduledOp> out(program.ops.size());
  double now = 0;
  bool ane_program_open = false;  // an ANE program is running and can take the next ANE op
  bool any_work_done = false;
  Engine last_engine = Engine::ane;
  std::int64_t prefetched = 0;  // weight bytes of the next ANE op already in L2

  for (std::size_t step = 0; step < program.ops.size(); ++step) {
    const LoweredOp& op = program.ops[step];
    const OpTraffic& t = traffic[step];
    ScheduledOp& s = out[step];
    if (op.free) {
      s.start_s = s.end_s = now;
      continue;
    }
    if (op.engine == Engine::ane && !ane_program_open) {
      s.border_s += params.program_dispatch_s;
      ane_program_open = true;
    }
    if (op.engine == Engine::cpu && any_work_done && last_engine == Engine::ane) {
      s.border_s += params.handover_sync_s;
      ane_program_open = false;
    }
    now += s.border_s;
    s.start_s = now;
    if (op.engine == Engine::ane) {
      time_ane_op(op, t, params, prefetched, s);
      prefetched = prefetch_after(program, step, t, s, params);
    } else {
      time_cpu_op(op, t, params, s);
      prefetched = 0;
    }
    now = s.end_s;
    last_engine = op.engine;
    any_work_done = true;
  }
  return out;
}

}  // namespace anesim
