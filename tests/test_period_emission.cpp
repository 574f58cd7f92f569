// The lowering's emission of a repeated layer as the one before renamed (sim/lower/renamed_period.hpp,
// issue 22): a period whose ops decide or touch anything differently is emitted op by op.
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
