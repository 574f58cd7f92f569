#include "sim/executor.hpp"

#include <memory>

#include "sim/app_boundary.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/memory/buffer_allocator.hpp"
#include "sim/memory/segment_memory.hpp"
#include "sim/memory/traffic.hpp"
#include "sim/timing/scheduler.hpp"

namespace anesim {

namespace {

// What the stages found about one step, gathered into its record.
void fill_record(OpRecord& r, const LoweredOp& lo, const ScheduledOp& s, const OpTraffic& traffic) {
  r.engine = lo.engine;
  r.start_s = s.start_s;
  r.end_s = s.end_s;
  r.border_s = s.border_s;
  r.mac_flops = lo.mac_flops;
  r.vector_flops = lo.vector_flops;
  r.weight_bytes = lo.weight_bytes;
  r.dram_read_bytes = traffic.dram_read_bytes + lo.weight_bytes;
  r.dram_write_bytes = traffic.dram_write_bytes;
  r.l2_bytes = traffic.l2_bytes;
  r.l2_hits = traffic.l2_hits;
  r.l2_misses = traffic.l2_misses;
  r.free = lo.free;
  r.copies = lo.copies;
  r.transposes = lo.transposes;
  r.logical_bytes = lo.out_logical_bytes;
  r.padded_bytes = lo.out_allocated_bytes;
  r.cores_used = s.cores_used;
  r.regime = s.regime;
}

// The record's name and kind: the graph op's own (held by graph_names), or, for a step the
// lowering added, the op's name with the step's suffix (held by `added`).
void name_record(OpRecord& r, const LoweredOp& lo, const Op& op, OpRecordNameStore& names) {
  if (lo.synthetic == SyntheticStep::none) {
    r.name = op.name;
    r.kind = op_kind_name(op.kind);
  } else {
    r.name = names.added.store({op.name, synthetic_step_suffix(lo.synthetic)});
    r.kind = synthetic_step_kind(lo.synthetic);
  }
}

// The run's totals over its steps, and the time spent in each regime (borders are overhead).
class TotalsSum {
 public:
  explicit TotalsSum(RunTotals& totals) : m_t(totals) {}

  void add(const OpRecord& r, const LoweredOp& lo, const ScheduledOp& s, const OpTraffic& traffic) {
    m_t.mac_flops += r.mac_flops;
    m_t.vector_flops += r.vector_flops;
    m_t.dram_read_bytes += r.dram_read_bytes;
    m_t.dram_write_bytes += r.dram_write_bytes;
    m_t.handover_bytes += traffic.handover_bytes;
    if (lo.synthetic == SyntheticStep::none) {
      ++(lo.engine == Engine::ane ? m_t.ane_ops : m_t.cpu_ops);
      if (lo.free) ++m_t.free_ops;
      if (lo.copies) ++m_t.copy_ops;
    }
    m_t.transposes += lo.transposes;
    if (s.border_s > 0 && m_worked_before) {
      ++m_t.handovers;
      m_t.handover_s += s.border_s;
    }
    m_worked_before = m_worked_before || !lo.free;
    m_time_in[static_cast<int>(s.regime)] += s.end_s - s.start_s;
    m_time_in[static_cast<int>(Regime::overhead)] += s.border_s;
    m_t.latency_s = s.end_s;
  }

  // `io`: the run's model inputs and outputs, copied across the app boundary outside the engine's
  // timeline (inputs before its first op, outputs after its last), at `io_s`. A copy's time is
  // its bytes over a rate, so it counts as bandwidth-bound time.
  void finish(const BoundaryTraffic& io, double io_s) {
    m_t.app_io_bytes = io.moved_bytes();
    m_t.app_io_s = io_s;
    m_t.latency_s += io_s;
    m_time_in[static_cast<int>(Regime::bandwidth)] += io_s;
    m_t.flops = m_t.mac_flops + m_t.vector_flops;
    if (m_t.latency_s > 0) {
      m_t.compute_share = m_time_in[static_cast<int>(Regime::compute)] / m_t.latency_s;
      m_t.bandwidth_share = m_time_in[static_cast<int>(Regime::bandwidth)] / m_t.latency_s;
      m_t.overhead_share = m_time_in[static_cast<int>(Regime::overhead)] / m_t.latency_s;
    }
    m_t.regime = dominant_regime(m_t.compute_share, m_t.bandwidth_share, m_t.overhead_share);
  }

 private:
  RunTotals& m_t;
  double m_time_in[3] = {0, 0, 0};
  bool m_worked_before = false;  // the first program launch is not a hand-over
};

void add_memory_totals(RunTotals& t, const Graph& graph, const Program& program, const Allocation& allocation,
                       const SegmentMemory& resident) {
  t.weight_bytes = program.resident_weight_bytes;
  t.constant_bytes = program.resident_constant_bytes;
  t.peak_activation_bytes = resident.peak_bytes;
  t.peak_activation_logical_bytes = resident.peak_logical_bytes;
  t.arena_bytes = allocation.arena_bytes;
  t.peak_memory_bytes = t.weight_bytes + t.constant_bytes + t.peak_activation_bytes;
  t.parameter_count = program.parameter_count;
  t.op_count = static_cast<std::int32_t>(graph.op_count());
}

}  // namespace

RunResult execute(const Graph& graph, const ChipSpec& chip, OpRecordNames names, const LoweringPipeline& lowering) {
  const Program program = lower(graph, chip, lowering);
  const Allocation allocation = allocate_buffers(program);
  const SegmentMemory resident = segment_memory(program);
  const auto traffic = simulate_traffic(program, memory_params(chip));
  const auto schedule = schedule_ops(program, traffic, timing_params(chip));

  RunResult result;
  result.chip = chip.name;
  add_memory_totals(result.totals, graph, program, allocation, resident);
  result.ops.reserve(program.ops.size());
  std::shared_ptr<OpRecordNameStore> op_names;
  if (names == OpRecordNames::keep) {
    op_names = std::make_shared<OpRecordNameStore>();
    op_names->graph_names = graph.name_arena();
  }
  TotalsSum sum(result.totals);
  for (std::size_t step = 0; step < program.ops.size(); ++step) {
    const LoweredOp& lo = program.ops[step];
    OpRecord& r = result.ops.emplace_back();  // filled in place rather than built and copied in
    if (op_names) name_record(r, lo, graph.op(lo.op), *op_names);
    fill_record(r, lo, schedule[step], traffic[step]);
    sum.add(r, lo, schedule[step], traffic[step]);
  }
  const BoundaryTraffic io = model_io_traffic(graph);
  sum.finish(io, boundary_seconds(io, chip));
  result.op_names = std::move(op_names);
  return result;
}

}  // namespace anesim
