#pragma once
// What issue 22's replay tests compare, field by field: programs, traffic and schedules, a program
// with its periods taken away (so that nothing is emitted renamed, walked or scheduled as a
// replay), and the configurations the tests lower.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/config_paths.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/lower/program.hpp"
#include "sim/memory/traffic.hpp"
#include "sim/timing/scheduler.hpp"

namespace anesim::test {

inline void check_same_traffic(const std::vector<OpTraffic>& replayed, const std::vector<OpTraffic>& walked) {
  REQUIRE(replayed.size() == walked.size());
  for (std::size_t s = 0; s < walked.size(); ++s) {
    const OpTraffic& a = replayed[s];
    const OpTraffic& b = walked[s];
    INFO("step " << s);
    REQUIRE(a.dram_read_bytes == b.dram_read_bytes);
    REQUIRE(a.dram_write_bytes == b.dram_write_bytes);
    REQUIRE(a.slc_bytes == b.slc_bytes);
    REQUIRE(a.l2_bytes == b.l2_bytes);
    REQUIRE(a.handover_bytes == b.handover_bytes);
    REQUIRE(a.l2_hits == b.l2_hits);
    REQUIRE(a.l2_misses == b.l2_misses);
    REQUIRE(a.l2_free_after_bytes == b.l2_free_after_bytes);
  }
}

inline void check_same_program(const Program& a, const Program& b) {
  REQUIRE(a.ops.size() == b.ops.size());
  for (std::size_t s = 0; s < a.ops.size(); ++s) {
    const LoweredOp& x = a.ops[s];
    const LoweredOp& y = b.ops[s];
    INFO("step " << s);
    REQUIRE(x.op == y.op);
    REQUIRE(x.synthetic == y.synthetic);
    REQUIRE(x.engine == y.engine);
    REQUIRE(x.free == y.free);
    REQUIRE(x.mac_flops == y.mac_flops);
    REQUIRE(x.vector_flops == y.vector_flops);
    REQUIRE(x.mac_utilisation == y.mac_utilisation);
    REQUIRE(x.weight_bytes == y.weight_bytes);
    REQUIRE(x.cpu_table_bytes == y.cpu_table_bytes);
    REQUIRE(x.work_rows == y.work_rows);
    REQUIRE(x.batch_passes == y.batch_passes);
    REQUIRE(x.transposes == y.transposes);
    REQUIRE(x.copies == y.copies);
    REQUIRE(x.out_logical_bytes == y.out_logical_bytes);
    REQUIRE(x.out_allocated_bytes == y.out_allocated_bytes);
    REQUIRE(x.first_access == y.first_access);
    REQUIRE(x.access_count == y.access_count);
  }
  REQUIRE(a.accesses.size() == b.accesses.size());
  for (std::size_t i = 0; i < a.accesses.size(); ++i) {
    INFO("access " << i);
    REQUIRE(a.accesses[i].buffer == b.accesses[i].buffer);
    REQUIRE(a.accesses[i].view == b.accesses[i].view);
    REQUIRE(a.accesses[i].bytes == b.accesses[i].bytes);
    REQUIRE(a.accesses[i].write == b.accesses[i].write);
  }
  REQUIRE(a.buffers.size() == b.buffers.size());
  for (std::size_t i = 0; i < a.buffers.size(); ++i) {
    INFO("buffer " << i);
    REQUIRE(a.buffers[i].kind == b.buffers[i].kind);
    REQUIRE(a.buffers[i].logical_bytes == b.buffers[i].logical_bytes);
    REQUIRE(a.buffers[i].allocated_bytes == b.buffers[i].allocated_bytes);
    REQUIRE(a.buffers[i].first_step == b.buffers[i].first_step);
    REQUIRE(a.buffers[i].last_step == b.buffers[i].last_step);
    REQUIRE(a.buffers[i].graph_output == b.buffers[i].graph_output);
  }
  CHECK(a.resident_weight_bytes == b.resident_weight_bytes);
  CHECK(a.resident_constant_bytes == b.resident_constant_bytes);
  CHECK(a.parameter_count == b.parameter_count);
}

inline void check_same_schedule(const std::vector<ScheduledOp>& replayed, const std::vector<ScheduledOp>& scheduled) {
  REQUIRE(replayed.size() == scheduled.size());
  for (std::size_t s = 0; s < scheduled.size(); ++s) {
    const ScheduledOp& a = replayed[s];
    const ScheduledOp& b = scheduled[s];
    INFO("step " << s);
    REQUIRE(a.start_s == b.start_s);  // exact: the clock sums every step in the same order
    REQUIRE(a.end_s == b.end_s);
    REQUIRE(a.border_s == b.border_s);
    REQUIRE(a.overhead_s == b.overhead_s);
    REQUIRE(a.compute_s == b.compute_s);
    REQUIRE(a.dma_s == b.dma_s);
    REQUIRE(a.l2_s == b.l2_s);
    REQUIRE(a.prefetched_weight_bytes == b.prefetched_weight_bytes);
    REQUIRE(a.restream_weight_bytes == b.restream_weight_bytes);
    REQUIRE(a.cores_used == b.cores_used);
    REQUIRE(a.regime == b.regime);
  }
}

// The same program with no periods: every step walked.
inline Program without_periods(Program p) {
  p.periods.clear();
  return p;
}

inline Program lowered(const std::string& model, const ChipSpec& chip, const RunRequest& request) {
  return lower(build_graph(load_model(model, default_config_dir()), request), chip);
}

// distilbert as Figure 2's ANE point: the ANE layout, seq 128, batch 1.
inline RunRequest ane_seq128() {
  RunRequest request;
  request.layout = "ane";
  request.seq = 128;
  request.batch = 1;
  return request;
}

}  // namespace anesim::test
