#pragma once
// Tiny graphs and chip parameters for the lowering-pass tests (test_lower_passes*.cpp), each small
// enough that every buffer's bytes can be worked out by hand.
#include "ir/graph_builder.hpp"
#include "sim/lower/lowering_params.hpp"
#include "sim/lower/passes.hpp"
#include "sim/lower/pipeline.hpp"

namespace anesim::test {

// An ANE with 64-byte rows that computes in fp16 only; 16-KB pages; no address window.
inline LoweringParams ane_params() {
  LoweringParams p;
  p.last_axis_alignment_bytes = 64;
  p.page_bytes = 16384;
  p.ane_dtypes[static_cast<std::size_t>(DType::fp16)] = true;
  return p;
}

// x (1,64,64) fp16 -> scale (mul, ANE) -> y -> is_zero (equal, CPU: its bool result has no ANE
// type) -> z. Tensors x = 0, y = 1, z = 2; ops scale = 0, is_zero = 1.
inline Graph ane_to_cpu_graph() {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 64, 64}, DType::fp16);
  OpAttrs half;
  half.scalar = 0.5;
  half.has_scalar = true;
  const TensorId y = b.op("scale", OpKind::mul, {x}, half);
  OpAttrs zero;
  zero.has_scalar = true;
  b.output(b.op("is_zero", OpKind::equal, {y}, zero));
  return b.finish();
}

// x (1,128,100) fp16 -> fc (linear, weight (50,100)) -> (1,128,50) -> act (relu). Tensors x = 0,
// w = 1, fc = 2, act = 3; ops fc = 0, act = 1. `fc_is_output` makes fc's result a graph output.
inline Graph linear_relu_graph(bool fc_is_output = false) {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 128, 100}, DType::fp16);
  const TensorId w = b.weight("w", Shape{50, 100});
  const TensorId fc = b.op("fc", OpKind::linear, {x, w});
  if (fc_is_output) b.output(fc);
  b.output(b.op("act", OpKind::relu, {fc}));
  return b.finish();
}

// Two relus over batch-8 inputs, for rule 11: relu4 over a (8,64,1,32) channels-first activation
// (N = 8), relu3 over a rank-3 (8,32,64) one, which right-aligns to (1,8,32,64) (N = 1: the
// batch sits on C).
inline Graph batch_axis_graph() {
  GraphBuilder b;
  const TensorId bc1s = b.input("bc1s", Shape{8, 64, 1, 32}, DType::fp16);
  const TensorId bsc = b.input("bsc", Shape{8, 32, 64}, DType::fp16);
  b.output(b.op("relu4", OpKind::relu, {bc1s}));
  b.output(b.op("relu3", OpKind::relu, {bsc}));
  return b.finish();
}

// Runs the passes up to, not including, `stop` in passes.def's order: the state a pass expects.
inline void run_passes_before(LoweringState& s, LoweringPassId stop) {
  for (const LoweringPass& p : lowering_passes()) {
    if (p.id == stop) return;
    p.run(s);
  }
}

}  // namespace anesim::test
