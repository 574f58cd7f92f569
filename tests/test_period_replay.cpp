// The memory walk's replay of repeated layers (sim/memory/period_replay.hpp, issue 22): the
// renaming between periods, the traffic equal to a full walk on every zoo model, layout and phase
// on three chips, how many steps it replays, and a period whose caches repeat but whose program
// does not being walked in full.
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
#include "tests/test_lower_passes.hpp"
#include "tests/zoo_cases.hpp"

using namespace anesim;

namespace {

void check_same_traffic(const std::vector<OpTraffic>& replayed, const std::vector<OpTraffic>& walked) {
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

void check_same_program(const Program& a, const Program& b) {
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

void check_same_schedule(const std::vector<ScheduledOp>& replayed, const std::vector<ScheduledOp>& scheduled) {
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
Program without_periods(Program p) {
  p.periods.clear();
  return p;
}

Program lowered(const std::string& model, const ChipSpec& chip, const RunRequest& request) {
  return lower(build_graph(load_model(model, default_config_dir()), request), chip);
}

// distilbert as Figure 2's ANE point: the ANE layout, seq 128, batch 1.
RunRequest ane_seq128() {
  RunRequest request;
  request.layout = "ane";
  request.seq = 128;
  request.batch = 1;
  return request;
}

}  // namespace

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

namespace {

// distilbert's program (ANE layout, seq 128, A15) lowered up to emit-steps, then `alter` applied
// to the state (a decision of layer 4, period 3, changed by hand), then emit-steps, with the
// periods the periods pass found or with none.
template <class Alter>
Program emitted_after(const Graph& graph, const ChipSpec& chip, bool with_periods, Alter&& alter) {
  LoweringState s(graph, lowering_params(chip));
  test::run_passes_before(s, LoweringPassId::emit_steps);
  REQUIRE(s.program.periods.size() == 1);
  const ProgramPeriods& p = s.program.periods[0];
  REQUIRE(p.count == 5);
  alter(s, p.first_op + 3 * p.ops, p.first_op + 4 * p.ops);
  if (!with_periods) s.program.periods.clear();
  lowering_pass::emit_steps(s);
  return std::move(s.program);
}

}  // namespace

TEST_CASE("a period is emitted renamed only when its ops decide and touch what the period before's do, renamed") {
  // Each alteration makes period 3's ops differ from period 2's in one thing emit-steps reads
  // besides the ops' own fields. Emitted with the periods, period 3 must then be emitted op by op,
  // as without them: the two programs agree only if the check refused to rename it.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  RunRequest request = ane_seq128();
  const Graph graph = build_graph(load_model("distilbert", default_config_dir()), request);
  using Alter = std::function<void(LoweringState&, OpId, OpId)>;
  // The first op of [begin, end) that `pick` accepts, altered by `change`.
  auto first_op = [](auto pick, auto change) -> Alter {
    return [pick, change](LoweringState& s, OpId begin, OpId end) {
      for (OpId o = begin; o < end; ++o) {
        if (!pick(s, o)) continue;
        change(s, o);
        return;
      }
      FAIL("no op to alter");
    };
  };
  auto working_ane = [](const LoweringState& s, OpId o) { return !s.is_free[s.at(o)] && s.engines[s.at(o)] == Engine::ane; };
  const std::vector<std::pair<const char*, Alter>> alterations = {
      // An op's output in another buffer of the layer, one the renaming does not give.
      {"buffer swapped", first_op(working_ane, [](LoweringState& s, OpId o) {
         s.tensor_buffer[s.at(s.graph.op(o).outputs[0])] = s.buffer_of(s.graph.op(o + 1).outputs[0]);
       })},
      // Rule 3's transposes around an op whose counterpart has none.
      {"transposes added", first_op([&](const LoweringState& s, OpId o) { return working_ane(s, o) && !s.transposed[s.at(o)]; },
                                    [](LoweringState& s, OpId o) { s.transposed[s.at(o)] = 1; })},
      // An op on the CPU whose counterpart runs on the ANE.
      {"engine changed", first_op(working_ane, [](LoweringState& s, OpId o) { s.engines[s.at(o)] = Engine::cpu; })},
      // An elided relabel that is not elided in this layer.
      {"relabel kept", first_op([](const LoweringState& s, OpId o) { return s.is_free[s.at(o)] != 0; },
                                [](LoweringState& s, OpId o) { s.is_free[s.at(o)] = 0; })},
      // A repack before an op whose counterpart has none.
      {"repack added", first_op(working_ane, [](LoweringState& s, OpId o) { s.repacks_in[s.at(o)] = 1; })},
  };
  const Program plain = emitted_after(graph, a15, true, [](LoweringState&, OpId, OpId) {});
  REQUIRE(plain.periods[0].renamed[3] == 1);  // unaltered, period 3 is emitted renamed
  for (const auto& [what, alter] : alterations) {
    INFO(what);
    const Program altered = emitted_after(graph, a15, true, alter);
    CHECK(altered.periods[0].renamed[3] == 0);
    check_same_program(altered, emitted_after(graph, a15, false, alter));
  }
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
