#pragma once
// Builders of the program steps emit-steps (passes/emit_steps.cpp) writes besides an op's own:
// rule 3's hardware transposes, rule 7's repacks and the CPU op between them, and a weight
// operand's streamed bytes.
#include "sim/lower/lowering_state.hpp"

namespace anesim::lowering_steps {

// A weight operand: a gather reads the rows it picks from its table; any other op streams the
// whole (pruned) tensor. Rule 8: quantized weights change the bytes fetched, not the math; the
// engine expands each kept value back to fp16 on the vector path.
void add_weight(const LoweringState& s, LoweredOp& lo, const Op& op, const Tensor& w);

// Rule 3: the ANE transposes `tensor` (op `id`'s first operand) from its buffer into the
// temporary `to`; after the op, it transposes the temporary `from` into `tensor`'s buffer.
[[nodiscard]] LoweredOp transpose_in_step(LoweringState& s, OpId id, TensorId tensor, BufferId to);
[[nodiscard]] LoweredOp transpose_out_step(LoweringState& s, OpId id, TensorId tensor, BufferId from);

// Rule 7: a CPU op over ANE buffers, `lo` its own step, its first step at `step`. Each float
// operand in an ANE buffer is converted to a packed fp32 copy first (a CPU step that reads the
// padded fp16 buffer and writes the copy), and each such result is written to a packed fp32 copy
// and converted back after. The op works on the copies, which live only from their conversion to
// their use.
void emit_repacked_cpu_op(LoweringState& s, LoweredOp lo, std::int32_t step);

}  // namespace anesim::lowering_steps
