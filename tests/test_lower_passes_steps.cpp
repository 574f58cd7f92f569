// The lowering's back passes (sim/lower/passes.def), each run alone on a tiny graph: step
// numbering, liveness, step emission (rule 3's transposes over a padded buffer), rule 11's batch
// passes and the resident bytes.
#include <doctest/doctest.h>

#include "tests/test_lower_passes.hpp"

using namespace anesim;
using anesim::test::ane_params;
using anesim::test::ane_to_cpu_graph;
using anesim::test::linear_relu_graph;
using anesim::test::run_passes_before;
namespace pass = anesim::lowering_pass;

TEST_CASE("number-steps: a transposed op takes three steps, a CPU op one plus its repacks") {
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  s.order = {0, 1};
  s.transposed[0] = 1;  // steps 0-2
  s.repacks_in[1] = 1;  // steps 3 (repack), 4 (the op), 5 (repack)
  s.repacks_out[1] = 1;
  pass::number_steps(s);
  CHECK(s.first_step_of == std::vector<std::int32_t>{0, 3});
  CHECK(s.steps == 6);
}

TEST_CASE("liveness: sizes in the holding engine's layout; inputs live throughout, outputs to the end") {
  // Steps: scale (0), is_zero's repack of y (1), is_zero (2). x is the caller's: 0-2. y is
  // written at 0 and read at is_zero's first step, 1. z is written at is_zero's last, 2, and is
  // an output. x and y are ANE buffers of 64 rows of 64 fp16 = 128 B (64-byte aligned already):
  // 8,192 B. z is the CPU's packed bool: 64 x 64 x 1 = 4,096 B.
  const Graph g = ane_to_cpu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::liveness);
  REQUIRE(s.steps == 3);
  pass::liveness(s);
  const std::vector<Buffer>& b = s.program.buffers;
  REQUIRE(b.size() == 3);
  CHECK(b[0].allocated_bytes == 8192);
  CHECK(b[0].first_step == 0);
  CHECK(b[0].last_step == 2);
  CHECK(b[1].allocated_bytes == 8192);
  CHECK(b[1].first_step == 0);
  CHECK(b[1].last_step == 1);
  CHECK(b[2].allocated_bytes == 4096);
  CHECK(b[2].first_step == 2);
  CHECK(b[2].last_step == 2);
  CHECK(b[2].graph_output);
}

TEST_CASE("emit-steps: rule 3's transposes read and write the padded buffers of a (1,128,100) linear") {
  // x (1,128,100) fp16 on the ANE: 128 rows of 200 B, padded to 256 B: 32,768 B (25,600 logical).
  // Transposed to (1,100,128): 100 rows of 256 B = 25,600 B, no padding. The linear's result
  // (1,128,50): 128 rows of 100 B padded to 128 B = 16,384 B (12,800 logical); transposed,
  // (1,50,128) is 50 rows of 256 B = 12,800 B. The weight: 50 x 100 fp16 = 10,000 B. MAC FLOPs:
  // 2 x 128 x 50 outputs x 100 inputs = 1,280,000.
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::emit_steps);
  pass::emit_steps(s);
  const Program& p = s.program;
  REQUIRE(p.ops.size() == 4);  // transpose in, fc, transpose out, the fused relu
  const LoweredOp& in = p.ops[0];
  CHECK(in.synthetic == SyntheticStep::transpose_in);
  CHECK(in.transposes == 1);
  REQUIRE(p.accesses_of(in).size() == 2);
  CHECK(p.accesses_of(in)[0].bytes == 32768);
  CHECK_FALSE(p.accesses_of(in)[0].write);
  CHECK(p.accesses_of(in)[1].bytes == 25600);
  CHECK(p.accesses_of(in)[1].write);
  CHECK(in.work_rows == 128);

  const LoweredOp& fc = p.ops[1];
  CHECK(fc.synthetic == SyntheticStep::none);
  CHECK(fc.weight_bytes == 10000);
  CHECK(fc.mac_flops == 1280000);
  CHECK(fc.work_rows == 50);  // channels-first after the transpose: it splits over the 50 outputs
  REQUIRE(p.accesses_of(fc).size() == 2);
  CHECK(p.accesses_of(fc)[0].bytes == 25600);
  CHECK(p.accesses_of(fc)[1].bytes == 12800);

  const LoweredOp& out = p.ops[2];
  CHECK(out.synthetic == SyntheticStep::transpose_out);
  REQUIRE(p.accesses_of(out).size() == 2);
  CHECK(p.accesses_of(out)[0].bytes == 12800);
  CHECK(p.accesses_of(out)[1].bytes == 16384);
  CHECK(out.out_allocated_bytes == 16384);
  CHECK(out.out_logical_bytes == 12800);

  CHECK(p.ops[3].free);
  CHECK(p.ops[3].access_count == 0);
  // The transposed copies are temporaries: x's at steps 0-1, the result's at 1-2.
  REQUIRE(p.buffers.size() == 4);
  CHECK(p.buffers[2].kind == BufferKind::temporary);
  CHECK(p.buffers[2].first_step == 0);
  CHECK(p.buffers[2].last_step == 1);
  CHECK(p.buffers[3].first_step == 1);
  CHECK(p.buffers[3].last_step == 2);
}

TEST_CASE("emit-steps: with no transposes marked, the linear reads and writes its own padded buffers") {
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  for (const LoweringPass& p : lowering_passes()) {
    if (p.id == LoweringPassId::emit_steps) break;
    if (p.id != LoweringPassId::transposes) p.run(s);
  }
  CHECK(s.steps == 2);  // one step each
  pass::emit_steps(s);
  REQUIRE(s.program.ops.size() == 2);
  const auto fc = s.program.accesses_of(s.program.ops[0]);
  REQUIRE(fc.size() == 2);
  CHECK(fc[0].bytes == 32768);
  CHECK(fc[1].bytes == 16384);
  CHECK(s.program.ops[0].work_rows == 128);  // rows of its (1,128,50) result
}

TEST_CASE("batch-passes: an ANE op walks the N of its output; a rank-3 (B,S,C) tensor has N = 1") {
  // (8,64,1,32): N = 8. (8,32,64) right-aligns to (1,8,32,64): the batch sits on C.
  const Graph g = test::batch_axis_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::batch_passes);
  REQUIRE(s.program.ops.size() == 2);
  CHECK(s.program.ops[0].batch_passes == 1);  // until this pass
  pass::batch_passes(s);
  CHECK(s.program.ops[0].batch_passes == 8);
  CHECK(s.program.ops[1].batch_passes == 1);
}

TEST_CASE("resident-memory: a streamed weight whole, a gathered table the page of its one row read, constants") {
  // w (32,64) fp16, streamed by a linear: 4,096 B. The table (1000,64) fp16 (128,000 B), gathered
  // at one row: that row's 16,384-B page. The constant buffer's 8,192 B; the activation's none.
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 4, 64}, DType::fp16);
  const TensorId w = b.weight("w", Shape{32, 64});
  b.output(b.op("fc", OpKind::linear, {x, w}));
  const TensorId table = b.weight("table", Shape{1000, 64});
  const TensorId ids = b.input("ids", Shape{1, 1}, DType::int32);
  b.output(b.op("embed", OpKind::gather, {table, ids}));
  const Graph g = b.finish();
  LoweringState s(g, ane_params());
  s.program.buffers.resize(2);
  s.program.buffers[0].kind = BufferKind::constant;
  s.program.buffers[0].allocated_bytes = 8192;
  s.program.buffers[1].allocated_bytes = 100;
  pass::resident_memory(s);
  CHECK(s.program.resident_weight_bytes == 4096 + 16384);
  CHECK(s.program.resident_constant_bytes == 8192);
  CHECK(s.program.parameter_count == 32 * 64 + 1000 * 64);
}
