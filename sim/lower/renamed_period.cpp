#include "sim/lower/renamed_period.hpp"

namespace anesim {

namespace {

// The tensors `op` reads and writes are `twin`'s renamed, in the renamed buffers, repacked alike.
template <class Tensors>
bool operands_renamed(const LoweringState& s, const PeriodRenaming& next, const Tensors& mine, const Tensors& twins,
                      bool cpu_repacks) {
  if (mine.size() != twins.size()) return false;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const TensorId t = mine[i], u = twins[i];
    if (next.view(u) != t || next.buffer(s.buffer_of(u)) != s.buffer_of(t)) return false;
    if (cpu_repacks && s.needs_repack(t) != s.needs_repack(u)) return false;
  }
  return true;
}

bool period_renames(const LoweringState& s, const ProgramPeriods& p, const PeriodRenaming& next, std::int32_t k) {
  const OpId begin = p.first_op + k * p.ops;
  for (OpId o = begin; o < begin + p.ops; ++o) {
    const OpId twin = o - p.ops;
    const std::size_t i = s.at(o), j = s.at(twin);
    if (s.engines[i] != s.engines[j] || s.is_free[i] != s.is_free[j] || s.transposed[i] != s.transposed[j] ||
        s.repacks_in[i] != s.repacks_in[j] || s.repacks_out[i] != s.repacks_out[j]) {
      return false;
    }
    const Op& op = s.graph.op(o);
    const Op& other = s.graph.op(twin);
    const bool cpu_repacks = s.repacks_in[i] + s.repacks_out[i] > 0;
    if (!operands_renamed(s, next, op.inputs, other.inputs, cpu_repacks) ||
        !operands_renamed(s, next, op.outputs, other.outputs, cpu_repacks)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool emit_renamed_period(LoweringState& s, ProgramPeriods& p, std::int32_t k) {
  std::vector<Buffer>& buffers = s.program.buffers;
  if (static_cast<std::int64_t>(buffers.size()) != p.first_temporary + static_cast<std::int64_t>(k) * p.temporaries) return false;
  const PeriodRenaming next(p, 1);
  if (!period_renames(s, p, next, k)) return false;
  std::vector<LoweredOp>& ops = s.program.ops;
  std::vector<Access>& accesses = s.program.accesses;
  const auto from = static_cast<std::size_t>(p.first_step + (k - 1) * p.steps);
  const auto steps = static_cast<std::size_t>(p.steps);
  const std::int32_t access_shift = s.access_count() - ops[from].first_access;
  const std::int32_t accesses_from = ops[from].first_access;
  const std::int32_t accesses_to = s.access_count();
  for (std::size_t step = from; step < from + steps; ++step) {
    LoweredOp lo = ops[step];
    lo.op += p.ops;
    lo.first_access += access_shift;
    ops.push_back(lo);
  }
  accesses.resize(accesses.size() + static_cast<std::size_t>(accesses_to - accesses_from));
  for (std::int32_t a = accesses_from; a < accesses_to; ++a) {
    Access& copy = accesses[static_cast<std::size_t>(a + access_shift)];
    copy = accesses[static_cast<std::size_t>(a)];
    copy.buffer = next.buffer(copy.buffer);
    copy.view = next.view(copy.view);
  }
  const auto temporaries_from = static_cast<std::size_t>(p.first_temporary + (k - 1) * p.temporaries);
  for (std::size_t b = temporaries_from; b < temporaries_from + static_cast<std::size_t>(p.temporaries); ++b) {
    Buffer copy = buffers[b];
    copy.first_step += p.steps;
    copy.last_step += p.steps;
    buffers.push_back(copy);
  }
  p.renamed[static_cast<std::size_t>(k)] = 1;
  return true;
}

}  // namespace anesim
