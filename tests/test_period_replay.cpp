// The memory walk's replay of repeated layers (sim/memory/period_replay.hpp, issue 22): the
// renaming between periods; the program, traffic and schedule equal to full work on every zoo
// model, layout and phase on three chips; how many steps are replayed; and periods whose caches
// repeat but whose steps or buffers do not being walked in full.
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

TEST_CASE("the periods' renaming shifts within the periods, keeps what lies outside, and ends at the last") {
  // Three periods of 5 steps from step 10; each creates 2 graph buffers from 4, 1 temporary from
  // 20, and 3 views (tensors) from 7: period k's buffers are 4 + 2k and 5 + 2k.
  ProgramPeriods p;
  p.first_step = 10;
  p.steps = 5;
  p.count = 3;
  p.first_buffer = 4;
  p.buffers = 2;
  p.first_temporary = 20;
  p.temporaries = 1;
  p.first_view = 7;
  p.views = 3;
  constexpr std::int32_t none = ProgramPeriods::k_no_counterpart;
  CHECK(p.end_step() == 25);
  CHECK(p.renamed_buffer(4, 1) == 6);     // period 0 -> 1
  CHECK(p.renamed_buffer(5, 2) == 9);     // period 0 -> 2
  CHECK(p.renamed_buffer(7, 1) == 9);     // period 1 -> 2
  CHECK(p.renamed_buffer(8, 1) == none);  // period 2 is the last
  CHECK(p.renamed_buffer(3, 1) == 3);     // before the periods: the embeddings' output, say
  CHECK(p.renamed_buffer(10, 1) == 10);   // after them (4 + 3 x 2 = 10): the head's
  CHECK(p.renamed_buffer(20, 2) == 22);
  CHECK(p.renamed_buffer(22, 1) == none);
  CHECK(p.renamed_view(7, 1) == 10);
  CHECK(p.renamed_view(9, 1) == 12);
  CHECK(p.renamed_view(13, 1) == none);     // period 2's views are 13..15
  CHECK(p.renamed_view(6, 1) == 6);
  CHECK(p.renamed_view(-1, 1) == -1);       // no view: a write-back
  CHECK(p.renamed_view(-1 - 20, 1) == -1 - 21);  // temporary 20's own view
  CHECK(p.renamed_view(-1 - 22, 1) == none);
}

TEST_CASE("periods emitted renamed and replayed give the program, traffic and schedule of full work on every zoo model") {
  // Issue 22's memoized against fully simulated, at the lowering and the walk, on three chips of
  // three generations: the program lowered with the periods pass (copied layers emitted as the
  // layer before renamed where exact) against the one lowered without it, field by field; then
  // that program walked with its periods (replaying those that repeat) and without (every step),
  // field by field at every step; then scheduled both ways over that traffic, every time exact. JSON-level equality with every op record
  // is test_repeated_layers.cpp's (a graph with no copies has no periods).
  const std::vector<ChipSpec> chips = test::three_chips();
  std::int64_t runs = 0, replayed_total = 0, steps_total = 0, renamed_total = 0, schedule_replayed_total = 0;
  for (const test::ZooCase& c : test::zoo_cases()) {
    const Graph graph = build_graph(c.model, c.request);
    for (const ChipSpec& chip : chips) {
      INFO(c.label << " " << chip.name);
      const Program program = lower(graph, chip);
      // The periods emitted renamed give the program emitted op by op (the periods pass left out).
      const Program emitted = lower(graph, chip, LoweringPipeline::without(std::vector<std::string>{"periods"}));
      REQUIRE(emitted.periods.empty());
      check_same_program(program, emitted);
      for (const ProgramPeriods& p : program.periods) {
        for (std::uint8_t r : p.renamed) renamed_total += r;
      }
      std::int32_t replayed = -1, none = -1;
      const auto fast = simulate_traffic(program, memory_params(chip), &replayed);
      const auto slow = simulate_traffic(without_periods(program), memory_params(chip), &none);
      check_same_traffic(fast, slow);
      CHECK(none == 0);
      // The schedule over it, with the periods (replaying those that repeat) and without.
      std::int32_t scheduled_again = -1;
      const auto timed = schedule_ops(program, fast, timing_params(chip), &scheduled_again);
      check_same_schedule(timed, schedule_ops(without_periods(program), fast, timing_params(chip)));
      schedule_replayed_total += scheduled_again;
      replayed_total += replayed;
      steps_total += static_cast<std::int64_t>(program.ops.size());
      ++runs;
    }
  }
  CHECK(runs >= 17 * 2 * 3);
  // Most steps of the zoo are in repeated layers; far more than a tenth must have been replayed
  // for the check above to have tested the replay at all.
  CHECK(replayed_total * 10 > steps_total);
  CHECK(renamed_total > runs);  // more than one period emitted renamed a run, on average
  CHECK(schedule_replayed_total * 10 > steps_total);
}

TEST_CASE("distilbert replays three of its six layers, llama-2-7b 28 of its 32") {
  // distilbert in the ANE layout at seq 128 on the A15: layer 1 is built and layers 2-5 are copied,
  // each from the one before (models/repeated_layers.hpp), so the periods are layers 1-5, 97 steps
  // each. Period 1 (layer 2) cannot repeat period 0: layer 1 reads layer 0's output, which lies
  // outside the periods and so is renamed to itself, where layer 2 reads layer 1's. From layer 3 on
  // each layer reads its predecessor's output, and the caches entering it hold what those entering
  // the layer before held, renamed: layers 3, 4 and 5 are replayed, 3 x 97 = 291 steps.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  RunRequest request = ane_seq128();
  const Program distilbert = lowered("distilbert", a15, request);
  REQUIRE(distilbert.periods.size() == 1);
  CHECK(distilbert.periods[0].count == 5);
  CHECK(distilbert.periods[0].steps == 97);
  std::int32_t replayed = 0;
  (void)simulate_traffic(distilbert, memory_params(a15), &replayed);
  CHECK(replayed == 3 * 97);
  // llama-2-7b at seq 4096: layers 2-31 are the periods (30, 200 steps each); the same argument
  // leaves the first two walked, so 28 x 200 = 5,600 steps are replayed.
  request.seq = 4096;
  const Program llama = lowered("llama-2-7b", a15, request);
  REQUIRE(llama.periods.size() == 1);
  CHECK(llama.periods[0].count == 30);
  CHECK(llama.periods[0].steps == 200);
  (void)simulate_traffic(llama, memory_params(a15), &replayed);
  CHECK(replayed == 28 * 200);
}

TEST_CASE("a period whose caches repeat but whose steps differ is walked, not replayed") {
  // distilbert's layer 4 (period 3) with one read made smaller: the caches entering it still
  // repeat those entering layer 3, so only the program check keeps the walk from taking layer 3's
  // traffic for it. Both walks see the altered program; they must agree.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  RunRequest request = ane_seq128();
  Program program = lowered("distilbert", a15, request);
  REQUIRE(program.periods.size() == 1);
  ProgramPeriods& p = program.periods[0];
  // Altered by hand, the program no longer has the periods the lowering emitted renamed.
  std::fill(p.renamed.begin(), p.renamed.end(), 0);
  bool altered = false;
  for (std::int32_t s = p.first_step + 3 * p.steps; s < p.first_step + 4 * p.steps && !altered; ++s) {
    const LoweredOp& op = program.ops[static_cast<std::size_t>(s)];
    if (op.free || op.engine != Engine::ane || op.access_count == 0) continue;
    Access& read = program.accesses[static_cast<std::size_t>(op.first_access)];
    if (read.write || read.bytes < 2) continue;
    read.bytes /= 2;
    altered = true;
  }
  REQUIRE(altered);
  std::int32_t replayed = 0;
  const auto fast = simulate_traffic(program, memory_params(a15), &replayed);
  check_same_traffic(fast, simulate_traffic(without_periods(program), memory_params(a15)));
  // Layer 4 is walked; layer 5 then repeats neither (its steps differ from layer 4's) and is
  // walked too: only layer 3 is replayed.
  CHECK(replayed == 97);
}

TEST_CASE("a period whose buffers differ from the period before's is walked, not replayed") {
  // One buffer of distilbert's layer 4 (period 3) made larger than L2, so it can never be resident
  // there: its accesses stream where layer 3's counterpart's hit. The steps still rename, so only
  // the buffers' check keeps the walk from replaying layers 4 and 5 from layer 3.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  RunRequest request = ane_seq128();
  Program program = lowered("distilbert", a15, request);
  REQUIRE(program.periods.size() == 1);
  const ProgramPeriods& p = program.periods[0];
  const MemoryParams memory = memory_params(a15);
  // The first of period 3's graph buffers that an ANE step writes.
  BufferId chosen = -1;
  for (std::int32_t s = p.first_step + 3 * p.steps; s < p.first_step + 4 * p.steps && chosen < 0; ++s) {
    const LoweredOp& op = program.ops[static_cast<std::size_t>(s)];
    if (op.free || op.engine != Engine::ane) continue;
    for (const Access& a : program.accesses_of(op)) {
      if (a.write && a.buffer >= p.first_buffer + 3 * p.buffers && a.buffer < p.first_buffer + 4 * p.buffers) chosen = a.buffer;
    }
  }
  REQUIRE(chosen >= 0);
  program.buffers[static_cast<std::size_t>(chosen)].allocated_bytes = memory.l2_bytes + 1;
  std::int32_t replayed = 0;
  const auto fast = simulate_traffic(program, memory, &replayed);
  check_same_traffic(fast, simulate_traffic(without_periods(program), memory));
  CHECK(replayed == 97);  // layer 3 only: no period from 3 on can be replayed
}
