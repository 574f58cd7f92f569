// The schedule's replay of repeated layers (sim/timing/scheduler.hpp, issue 22): a period whose
// traffic, or whose look past its end, differs from the period before's is scheduled in full.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "models/simulate.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/lower/lowering_state.hpp"
#include "sim/lower/pipeline.hpp"
#include "sim/memory/memory_params.hpp"
#include "sim/memory/traffic.hpp"
#include "sim/timing/scheduler.hpp"
#include "sim/timing/timing_params.hpp"
#include "tests/period_checks.hpp"
#include "tests/test_lower_passes.hpp"
#include "tests/zoo_cases.hpp"

using namespace anesim;
using namespace anesim::test;

TEST_CASE("a period whose traffic differs from the period before's is scheduled, not replayed") {
  // distilbert's layer 4 (period 3) with one step's L2 bytes doubled by hand: its steps are
  // still the renamed layer 3's and the state entering it the same, so only the traffic check keeps
  // the schedule from giving it layer 3's times.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  const Program program = lowered("distilbert", a15, ane_seq128());
  REQUIRE(program.periods.size() == 1);
  const ProgramPeriods& p = program.periods[0];
  auto traffic = simulate_traffic(program, memory_params(a15));
  std::int32_t replayed = 0;
  (void)schedule_ops(program, traffic, timing_params(a15), &replayed);
  // Unaltered: layers 3 and 4, whose traffic the walk replayed. Layer 5 is scheduled: after its
  // last op the DMA prefetches the weights of the head's first op, not of a layer's first op.
  REQUIRE(replayed == 2 * 97);
  bool altered = false;
  for (std::int32_t s = p.first_step + 3 * p.steps; s < p.first_step + 4 * p.steps && !altered; ++s) {
    OpTraffic& t = traffic[static_cast<std::size_t>(s)];
    if (program.ops[static_cast<std::size_t>(s)].free || t.l2_bytes == 0) continue;
    t.l2_bytes *= 2;
    altered = true;
  }
  REQUIRE(altered);
  const auto timed = schedule_ops(program, traffic, timing_params(a15), &replayed);
  check_same_schedule(timed, schedule_ops(without_periods(program), traffic, timing_params(a15)));
  // Layer 3 still replays; layer 4 is scheduled, and so is layer 5.
  CHECK(replayed == 97);
}

TEST_CASE("a period followed by other weights than the period before is scheduled, not replayed") {
  // A hand-made program: three periods of two ANE ops (each 1 GFLOP of MAC work and 1,000 bytes of
  // weights), periods 1 and 2 emitted renamed, then an op with 5,000 bytes of weights. No traffic,
  // and L2 always 1 GB free, so after each op the DMA prefetches all of the next op's weights
  // (its idle time, about 0.1 ms at the A15's rates, would move megabytes).
  // - Period 1 starts with 1,000 bytes prefetched and an ANE program open, period 0 with neither:
  //   it is scheduled.
  // - Period 2 starts as period 1 did, with period 1's steps and traffic, but after its last op the
  //   DMA prefetches the tail op's 5,000 bytes where after period 1's it prefetched 1,000: only the
  //   look past the period keeps the schedule from replaying it and leaving the tail op 1,000.
  Program program;
  for (int k = 0; k < 7; ++k) {
    LoweredOp& op = program.ops.emplace_back();
    op.op = k;
    op.engine = Engine::ane;
    op.mac_flops = 1e9;
    op.work_rows = 1024;
    op.weight_bytes = k < 6 ? 1000 : 5000;
  }
  ProgramPeriods& p = program.periods.emplace_back();
  p.first_op = 0;
  p.ops = 2;
  p.first_step = 0;
  p.steps = 2;
  p.count = 3;
  p.renamed = {0, 1, 1};
  std::vector<OpTraffic> traffic(program.ops.size());
  for (OpTraffic& t : traffic) t.l2_free_after_bytes = 1'000'000'000;
  const TimingParams timing = timing_params(load_chip("A15", default_config_dir()));
  std::int32_t replayed = -1;
  const auto timed = schedule_ops(program, traffic, timing, &replayed);
  check_same_schedule(timed, schedule_ops(without_periods(program), traffic, timing));
  CHECK(timed[6].prefetched_weight_bytes == 5000);
  CHECK(replayed == 0);
}
