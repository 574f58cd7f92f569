#include "sim/executor.hpp"

#include <memory>

#include "sim/memory/buffer_allocator.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/timing/scheduler.hpp"
#include "sim/memory/segment_memory.hpp"
#include "sim/memory/traffic.hpp"

namespace anesim {

RunResult execute(const Graph& graph, const ChipSpec& chip, OpRecordNames names, const LoweringPipeline& lowering) {
  const Program program = lower(graph, chip, lowering);
  const Allocation allocation = allocate_buffers(program);
  const SegmentMemory resident = segment_memory(program);
  const auto traffic = simulate_traffic(program, chip);
  const auto schedule = schedule_ops(program, traffic, chip);

  RunResult result;
  result.chip = chip.name;
  RunTotals& t = result.totals;
  t.weight_bytes = program.resident_weight_bytes;
  t.constant_bytes = program.resident_constant_bytes;
  t.peak_activation_bytes = resident.peak_bytes;
  t.peak_activation_logical_bytes = resident.peak_logical_bytes;
  t.arena_bytes = allocation.arena_bytes;
  t.peak_memory_bytes = t.weight_bytes + t.constant_bytes + t.peak_activation_bytes;
  t.parameter_count = program.parameter_count;
  t.op_count = static_cast<std::int32_t>(graph.op_count());

  double time_in[3] = {0, 0, 0};
  bool worked_before = false;  // the first program launch is not a hand-over
  result.ops.reserve(program.ops.size());
  std::shared_ptr<OpRecordNameStore> op_names;
  if (names == OpRecordNames::keep) {
    op_names = std::make_shared<OpRecordNameStore>();
    op_names->graph_names = graph.name_arena();
  }
  for (std::size_t step = 0; step < program.ops.size(); ++step) {
    const LoweredOp& lo = program.ops[step];
    const ScheduledOp& s = schedule[step];
    const Op& op = graph.op(lo.op);
    OpRecord& r = result.ops.emplace_back();  // filled in place rather than built and copied in
    if (op_names) {
      if (lo.synthetic == SyntheticStep::none) {
        r.name = op.name;  // held by graph_names
        r.kind = op_kind_name(op.kind);
      } else {
        r.name = op_names->added.store({op.name, synthetic_step_suffix(lo.synthetic)});
        r.kind = synthetic_step_kind(lo.synthetic);
      }
    }
    r.engine = lo.engine;
    r.start_s = s.start_s;
    r.end_s = s.end_s;
    r.border_s = s.border_s;
    r.mac_flops = lo.mac_flops;
    r.vector_flops = lo.vector_flops;
    r.weight_bytes = lo.weight_bytes;
    r.dram_read_bytes = traffic[step].dram_read_bytes + lo.weight_bytes;
    r.dram_write_bytes = traffic[step].dram_write_bytes;
    r.l2_bytes = traffic[step].l2_bytes;
    r.l2_hits = traffic[step].l2_hits;
    r.l2_misses = traffic[step].l2_misses;
    r.free = lo.free;
    r.copies = lo.copies;
    r.transposes = lo.transposes;
    r.logical_bytes = lo.out_logical_bytes;
    r.padded_bytes = lo.out_allocated_bytes;
    r.cores_used = s.cores_used;
    r.regime = s.regime;

    t.mac_flops += r.mac_flops;
    t.vector_flops += r.vector_flops;
    t.dram_read_bytes += r.dram_read_bytes;
    t.dram_write_bytes += r.dram_write_bytes;
    t.handover_bytes += traffic[step].handover_bytes;
    if (lo.synthetic == SyntheticStep::none) {
      ++(lo.engine == Engine::ane ? t.ane_ops : t.cpu_ops);
      if (lo.free) ++t.free_ops;
      if (lo.copies) ++t.copy_ops;
    }
    t.transposes += lo.transposes;
    if (s.border_s > 0 && worked_before) {
      ++t.handovers;
      t.handover_s += s.border_s;
    }
    worked_before = worked_before || !lo.free;
    time_in[static_cast<int>(s.regime)] += s.end_s - s.start_s;
    time_in[static_cast<int>(Regime::overhead)] += s.border_s;
    t.latency_s = s.end_s;
  }
  result.op_names = std::move(op_names);
  t.flops = t.mac_flops + t.vector_flops;
  if (t.latency_s > 0) {
    t.compute_share = time_in[static_cast<int>(Regime::compute)] / t.latency_s;
    t.bandwidth_share = time_in[static_cast<int>(Regime::bandwidth)] / t.latency_s;
    t.overhead_share = time_in[static_cast<int>(Regime::overhead)] / t.latency_s;
  }
  t.regime = Regime::compute;
  if (t.bandwidth_share > t.compute_share && t.bandwidth_share >= t.overhead_share) t.regime = Regime::bandwidth;
  if (t.overhead_share > t.compute_share && t.overhead_share > t.bandwidth_share) t.regime = Regime::overhead;
  return result;
}

}  // namespace anesim
