// periods: the stretches of the program lowered from layers the builder appended as copies of one
// another (Graph::block_copies), with the ranges of ops, steps, graph buffers and views each layer
// spans; emit-steps adds the temporaries' ranges as it creates them. emit-steps then emits a
// period as the one before it renamed, and the memory walk replays it, each only where that is
// exact (sim/lower/renamed_period.hpp, sim/memory/period_replay.hpp): nothing here changes a
// result, and leaving this pass out emits and walks every step.
#include <algorithm>

#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

namespace {

// Adjacent blocks of ops and tensors, each a translation of the one before (a built layer and the
// layers copied from it, or from a copy of it, in order).
using Chain = std::vector<GraphBlock>;

std::vector<Chain> adjacent_copies(const Graph& g) {
  std::vector<Chain> chains;
  for (const GraphBlockCopy& c : g.block_copies()) {
    Chain* chain = chains.empty() ? nullptr : &chains.back();
    const auto follows = [](const GraphBlock& before, const GraphBlock& b) {
      return b.ops_begin == before.ops_end && b.tensors_begin == before.tensors_end;
    };
    const bool copies_the_chain = chain && c.source.ops_begin >= chain->front().ops_begin && c.source.ops_end <= chain->back().ops_end;
    if (copies_the_chain && follows(chain->back(), c.copy)) {
      chain->push_back(c.copy);
    } else if (follows(c.source, c.copy)) {
      chains.push_back({c.source, c.copy});
    }
  }
  return chains;
}

// The chain's blocks as program periods, up to the first block whose steps differ in number; none
// when the ops do not run in id order there or the first block's buffers are not one range.
ProgramPeriods periods_of(const LoweringState& s, const Chain& chain) {
  ProgramPeriods p;
  const OpId ops_begin = chain.front().ops_begin, ops_end = chain.back().ops_end;
  for (OpId id = ops_begin; id < ops_end; ++id) {
    if (s.order[s.at(id)] != id) return p;
  }
  const auto start_of = [&s](OpId op) {
    return s.at(op) < s.first_step_of.size() ? s.first_step_of[s.at(op)] : s.steps;
  };
  p.first_step = start_of(ops_begin);
  p.steps = start_of(chain[1].ops_begin) - p.first_step;
  for (std::size_t k = 1; k <= chain.size(); ++k) {
    const OpId next = k < chain.size() ? chain[k].ops_begin : ops_end;
    if (start_of(next) != p.first_step + static_cast<std::int32_t>(k) * p.steps) break;
    p.count = static_cast<std::int32_t>(k);
  }
  // The graph buffers period 0 creates: those rooted in its tensors, numbered in tensor order.
  const GraphBlock& first = chain.front();
  BufferId lowest = -1, highest = -1, roots = 0;
  for (TensorId t = first.tensors_begin; t < first.tensors_end; ++t) {
    const BufferId b = s.root_buffer[s.at(t)];
    if (b < 0) continue;
    lowest = lowest < 0 ? b : std::min(lowest, b);
    highest = std::max(highest, b);
    ++roots;
  }
  if (roots > 0 && highest - lowest + 1 != roots) p.count = 0;
  p.first_buffer = std::max<BufferId>(lowest, 0);
  p.buffers = roots;
  p.first_op = ops_begin;
  p.ops = chain[1].ops_begin - ops_begin;
  p.first_view = first.tensors_begin;
  p.views = first.tensors_end - first.tensors_begin;
  return p;
}

}  // namespace

void periods(LoweringState& s) {
  for (const Chain& chain : adjacent_copies(s.graph)) {
    const ProgramPeriods p = periods_of(s, chain);
    if (p.count >= 2 && p.steps > 0 && p.ops > 0) {
      s.program.periods.push_back(p);
      s.program.periods.back().renamed.assign(static_cast<std::size_t>(p.count), 0);
    }
  }
}

}  // namespace anesim::lowering_pass
