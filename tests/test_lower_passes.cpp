// The lowering's front passes (sim/lower/passes.def), each run alone on a tiny graph whose state
// before it is set by the passes before it or by hand: placement, fusion, relabels, buffer groups,
// ANE buffers, and which ops rule 3's transposes and rule 7's repacks wrap.
#include <doctest/doctest.h>

#include "chip/chip_spec.hpp"
#include "tests/test_lower_passes.hpp"

using namespace anesim;
using anesim::test::ane_params;
using anesim::test::ane_to_cpu_graph;
using anesim::test::linear_relu_graph;
using anesim::test::run_passes_before;
namespace pass = anesim::lowering_pass;

TEST_CASE("lowering params: the four chip fields the lowering reads, and no others") {
  ChipSpec chip;
  chip.last_axis_alignment_bytes = 32;
  chip.page_bytes = 4096;
  chip.address_window_bytes = 1 << 20;
  chip.ane_dtypes = {DType::fp16, DType::int8};
  chip.l2_bytes = 123;  // a timing field: not the lowering's
  const LoweringParams p = lowering_params(chip);
  CHECK(p.last_axis_alignment_bytes == 32);
  CHECK(p.page_bytes == 4096);
  CHECK(p.address_window_bytes == 1 << 20);
  CHECK(p.ane_supports(DType::fp16));
  CHECK(p.ane_supports(DType::int8));
  CHECK_FALSE(p.ane_supports(DType::fp32));
  CHECK_FALSE(p.ane_supports(DType::boolean));
}

TEST_CASE("place: the mul runs on the ANE, the equal with its bool result on the CPU") {
  const Graph g = ane_to_cpu_graph();
  LoweringState s(g, ane_params());
  pass::place(s);
  REQUIRE(s.order == std::vector<OpId>{0, 1});
  CHECK(s.engines == std::vector<Engine>{Engine::ane, Engine::cpu});
}

TEST_CASE("fuse-activations: a relu on an ANE linear's result joins it, unless the result is also an output") {
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  pass::place(s);
  pass::fuse_activations(s);
  // Ops fc = 0, act = 1; tensors fc = 2, act = 3: the relu is free and its result is fc's.
  CHECK(s.is_free[0] == 0);
  CHECK(s.is_free[1] == 1);
  CHECK(s.find(3) == s.find(2));

  const Graph both = linear_relu_graph(true);
  LoweringState t(both, ane_params());
  pass::place(t);
  pass::fuse_activations(t);
  CHECK(t.is_free[1] == 0);  // fc's result is read by the caller: the relu needs its own buffer
  CHECK(t.find(3) != t.find(2));
}

TEST_CASE("elide-relabels: a reshape of outer axes is free and shares its input's buffer; a transpose of W copies") {
  // x (1,64,64) -> reshape to (64,64): W stays 64 long, a relabel. x -> transpose (0,2,1): W
  // becomes the old H, rule 2's copy.
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 64, 64}, DType::fp16);
  OpAttrs flat;
  flat.ints = {64, 64};
  b.output(b.op("flat", OpKind::reshape, {x}, flat));
  OpAttrs swap;
  swap.ints = {0, 2, 1};
  b.output(b.op("swap", OpKind::transpose, {x}, swap));
  const Graph g = b.finish();
  LoweringState s(g, ane_params());
  pass::place(s);
  pass::elide_relabels(s);
  CHECK(s.is_free[0] == 1);
  CHECK(s.is_free[1] == 0);
  CHECK(s.find(1) == 0);  // the reshape's result joins x
  CHECK(s.find(2) == 2);  // the transpose's stays its own
}

TEST_CASE("group-buffers: a free concat's inputs and output share one buffer, sized by the output") {
  // a, b (1,32,64) fp16 -> concat on axis 1 (not W: free) -> c (1,64,64) -> relu -> d. Buffers:
  // {a, b, c}, whose largest tensor is c (64 x 64 x 2 = 8,192 B against 4,096 B each), and {d}.
  GraphBuilder gb;
  const TensorId a = gb.input("a", Shape{1, 32, 64}, DType::fp16);
  const TensorId b = gb.input("b", Shape{1, 32, 64}, DType::fp16);
  OpAttrs on_h;
  on_h.axis = 1;
  const TensorId c = gb.op("cat", OpKind::concat, {a, b}, on_h);
  const TensorId d = gb.op("act", OpKind::relu, {c});
  gb.output(d);
  const Graph g = gb.finish();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::group_buffers);
  pass::group_buffers(s);
  REQUIRE(s.program.buffers.size() == 2);
  CHECK(s.buffer_of(a) == 0);
  CHECK(s.buffer_of(b) == 0);
  CHECK(s.buffer_of(c) == 0);
  CHECK(s.buffer_of(d) == 1);
  CHECK(s.buffer_root[0] == c);
  CHECK(s.program.buffers[0].kind == BufferKind::input);  // it holds the caller's a and b
  CHECK(s.program.buffers[1].kind == BufferKind::activation);
}

TEST_CASE("group-buffers: weights take no buffer; they are streamed") {
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::group_buffers);
  pass::group_buffers(s);
  // x, and fc's result shared with the fused relu's: two buffers; the weight (tensor 1) none.
  CHECK(s.program.buffers.size() == 2);
  CHECK(s.buffer_of(1) == -1);
  CHECK(s.buffer_of(3) == s.buffer_of(2));
}

TEST_CASE("ane-buffers: the buffers the ANE's mul touches are ANE buffers; the CPU's bool result is not") {
  const Graph g = ane_to_cpu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::ane_buffers);
  pass::ane_buffers(s);
  // Buffers in tensor order: x, y, z.
  CHECK(s.on_ane == Flags{1, 1, 0});
}

TEST_CASE("transposes: an ANE linear is wrapped; the fused relu, or the linear on the CPU, is not") {
  const Graph g = linear_relu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::transposes);
  pass::transposes(s);
  CHECK(s.transposed == Flags{1, 0});
  s.engines[0] = Engine::cpu;  // the CPU reads rows as they are: no transpose
  pass::transposes(s);
  CHECK(s.transposed[0] == 0);
}

TEST_CASE("repacks: the CPU's equal reads one float ANE buffer (a repack in) and writes a packed bool one (none out)") {
  const Graph g = ane_to_cpu_graph();
  LoweringState s(g, ane_params());
  run_passes_before(s, LoweringPassId::repacks);
  pass::repacks(s);
  CHECK(s.repacks_in == std::vector<std::uint8_t>{0, 1});
  CHECK(s.repacks_out == std::vector<std::uint8_t>{0, 0});
}
