// Each op class's rules, on one kind each: the shape a rule gives, the FLOPs it counts and whether
// a layout op copies, on tiny graphs whose numbers are worked out by hand. And, at compile time,
// that every kind listed in ir/ops/op_kinds.def has its rules.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "ir/graph_builder.hpp"
#include "ir/op_cost.hpp"
#include "ir/ops/all_rules.hpp"
#include "tests/error_message.hpp"

using namespace anesim;

// Every kind in the .def has its shape, FLOP and copy rules. (One without them already fails in
// all_rules.hpp, with a static_assert naming it, and in the dispatch switches.)
constexpr bool k_every_op_kind_has_rules = (true
#define ANESIM_OP_KIND(name, ...) &&HasOpRules<OpKind::name>
#include "ir/ops/op_kinds.def"
);
static_assert(k_every_op_kind_has_rules);
static_assert(op_class(OpKind::linear) == OpClass::mac && op_kind_name(OpKind::slice_update) == "slice_update");
static_assert(reduces_over_last_axis(OpKind::matmul) && !reduces_over_last_axis(OpKind::conv1x1));
static_assert(reduction_stats_count(OpKind::layer_norm) == 2 && reduction_stats_count(OpKind::reduce_mean) == 0);

namespace {
const Op& producer_of(const GraphBuilder& b, TensorId t) { return b.graph().op(b.graph().tensor(t).producer); }

}  // namespace

TEST_CASE("mac class: linear (2,8,16) x (16,32) with a bias") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{2, 8, 16}, DType::fp16);
  const TensorId w = b.weight("w", Shape{32, 16});
  const TensorId bias = b.weight("b", Shape{32});
  const TensorId y = b.op("proj", OpKind::linear, {x, w, bias});
  // The last axis Cin = 16 becomes Cout = 32: (2,8,32), 2 x 8 x 32 = 512 output elements.
  CHECK(b.shape(y) == Shape{2, 8, 32});
  // Each output element is 16 multiply-accumulates: 2 x 512 x 16 = 16384 MAC FLOPs; the bias is
  // one vector add per output element: 512.
  const OpFlops f = op_flops(b.graph(), producer_of(b, y));
  CHECK(f.mac == 16384);
  CHECK(f.vector == 512);
  CHECK_FALSE(layout_op_copies(b.graph(), producer_of(b, y)));
  // Cin 15 in the weight does not match x's last axis 16; the text is the one the rule always had.
  const TensorId w15 = b.weight("w15", Shape{32, 15});
  CHECK(test::error_message([&] { (void)b.op("bad", OpKind::linear, {x, w15}); }) == "op 'bad' (linear): x (2,8,16) does not end in Cin = 15");
}

TEST_CASE("mac class: einsum 'ab,bc->ac' over (4,6) and (6,5)") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{4, 6}, DType::fp16);
  const TensorId w = b.weight("w", Shape{6, 5});
  OpAttrs a;
  a.equation = "ab,bc->ac";
  const TensorId y = b.op("mm", OpKind::einsum, {x, w}, std::move(a));
  CHECK(b.shape(y) == Shape{4, 5});
  // Axes a = 4, b = 6, c = 5: 4 x 6 x 5 = 120 MACs, 240 FLOPs, no bias.
  const OpFlops f = op_flops(b.graph(), producer_of(b, y));
  CHECK(f.mac == 240);
  CHECK(f.vector == 0);
}

TEST_CASE("vector class: an add broadcasting (2,8,32) with (32), and layer_norm over the last axis") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{2, 8, 32}, DType::fp16);
  const TensorId bias = b.weight("b", Shape{32});
  const TensorId sum = b.op("add", OpKind::add, {x, bias});
  // (32) broadcasts over the leading axes: (2,8,32), one vector FLOP per output element = 512.
  CHECK(b.shape(sum) == Shape{2, 8, 32});
  CHECK(op_flops(b.graph(), producer_of(b, sum)).vector == 512);
  CHECK(op_flops(b.graph(), producer_of(b, sum)).mac == 0);
  CHECK_FALSE(layout_op_copies(b.graph(), producer_of(b, sum)));

  OpAttrs last;
  last.axis = -1;
  const TensorId ln = b.op("ln", OpKind::layer_norm, {sum, b.weight("g", Shape{32}), bias}, last);
  CHECK(b.shape(ln) == Shape{2, 8, 32});
  // 7 per element + 4 per normalised row: 7 x 512 + 4 x (512 / 32 = 16 rows) = 3584 + 64 = 3648.
  CHECK(op_flops(b.graph(), producer_of(b, ln)).vector == 3648);

  const TensorId other = b.input("other", Shape{2, 8, 31}, DType::fp16);
  CHECK(test::error_message([&] { (void)b.op("bad", OpKind::add, {x, other}); }) == "op 'bad' (add): cannot broadcast (2,8,32) and (2,8,31)");
}

TEST_CASE("layout class: a transpose that moves the last axis copies, a reshape keeping it does not") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{2, 8, 32}, DType::fp16);
  OpAttrs perm;
  perm.ints = {0, 2, 1};
  const TensorId t = b.op("t", OpKind::transpose, {x}, perm);
  // Axes 1 and 2 swap: (2,32,8). The last axis is now input axis 1, not 2: a copy (rule 2).
  CHECK(b.shape(t) == Shape{2, 32, 8});
  CHECK(layout_op_copies(b.graph(), producer_of(b, t)));
  // A layout op computes nothing.
  CHECK(op_flops(b.graph(), producer_of(b, t)).mac == 0);
  CHECK(op_flops(b.graph(), producer_of(b, t)).vector == 0);

  OpAttrs rows;
  rows.ints = {16, 32};
  const TensorId flat = b.op("flat", OpKind::reshape, {x}, rows);
  // 2 x 8 = 16 rows of the same 32: outer axes relabelled, the last axis unchanged, free.
  CHECK(b.shape(flat) == Shape{16, 32});
  CHECK_FALSE(layout_op_copies(b.graph(), producer_of(b, flat)));
  OpAttrs heads;
  heads.ints = {2, 8, 4, 8};
  const TensorId split = b.op("heads", OpKind::reshape, {x}, heads);
  // The last axis 32 becomes 8: the rows are cut up, a copy.
  CHECK(layout_op_copies(b.graph(), producer_of(b, split)));

  OpAttrs bad;
  bad.ints = {3, 32};
  CHECK(test::error_message([&] { (void)b.op("r", OpKind::reshape, {x}, bad); }) ==
        "op 'r' (reshape): cannot reshape (2,8,32) to (3,32): element counts differ");
}

TEST_CASE("gather class: rows of an int8 table come out as fp16") {
  GraphBuilder b;
  const TensorId table = b.weight("table", Shape{100, 16}, DType::int8);
  const TensorId ids = b.input("ids", Shape{2, 8}, DType::int32);
  const TensorId rows = b.op("embed", OpKind::gather, {table, ids});
  // One 16-wide row per index: (2,8) + (16) = (2,8,16), dequantized to fp16.
  CHECK(b.shape(rows) == Shape{2, 8, 16});
  CHECK(b.graph().tensor(rows).dtype == DType::fp16);
  // A lookup moves rows and computes nothing; it is not a layout op, so no copy question.
  CHECK(op_flops(b.graph(), producer_of(b, rows)).mac == 0);
  CHECK(op_flops(b.graph(), producer_of(b, rows)).vector == 0);
  CHECK_FALSE(layout_op_copies(b.graph(), producer_of(b, rows)));
}

TEST_CASE("unsupported: the shape the file states, no FLOPs, not on the ANE") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 4}, DType::fp16);
  OpAttrs stated;
  stated.ints = {1, 4};
  stated.equation = "HardSigmoid";
  const TensorId y = b.op("gate", OpKind::unsupported, {x}, stated);
  // The output is attrs.ints in attrs.to (fp16, an imported float), whatever the inputs are.
  CHECK(b.shape(y) == Shape{1, 4});
  CHECK(b.graph().tensor(y).dtype == DType::fp16);
  // Its cost is bytes only (ir/ops/unsupported.hpp), and the kind is its reason to run on the CPU.
  CHECK(op_flops(b.graph(), producer_of(b, y)).mac == 0);
  CHECK(op_flops(b.graph(), producer_of(b, y)).vector == 0);
  CHECK_FALSE(ane_has_op(OpKind::unsupported));
  CHECK(producer_of(b, y).attrs.equation == "HardSigmoid");
  CHECK(test::error_message([&] { (void)b.op("bare", OpKind::unsupported, {x}); }) ==
        "op 'bare' (unsupported): needs the output shape its file gives");
}
