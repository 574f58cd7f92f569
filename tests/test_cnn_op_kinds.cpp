// The convolution, pooling, resampling and CNN activation kinds (ir/ops/conv.hpp, pooling.hpp,
// elementwise.hpp, reductions.hpp): shapes, FLOPs and copies on tiny graphs worked out by hand,
// and how a convolution's reduction depth sets the share of the MAC array it fills.
#include <doctest/doctest.h>

#include <string>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "ir/graph_builder.hpp"
#include "ir/op_cost.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/timing/scheduler.hpp"
#include "tests/error_message.hpp"

using namespace anesim;

static_assert(is_activation(OpKind::sigmoid) && is_activation(OpKind::hard_swish) && is_activation(OpKind::clip));
static_assert(op_class(OpKind::conv_transpose) == OpClass::mac && op_class(OpKind::max_pool) == OpClass::vector);

namespace {
const Op& producer_of(const GraphBuilder& b, TensorId t) { return b.graph().op(b.graph().tensor(t).producer); }
OpAttrs ints(std::vector<std::int64_t> v) {
  OpAttrs a;
  a.ints = std::move(v);
  return a;
}
}  // namespace

TEST_CASE("conv2d: a 3x3, stride 2, pad 1 convolution with a bias") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 8, 16, 16}, DType::fp16);
  const TensorId y = b.op("conv", OpKind::conv2d, {x, b.weight("w", Shape{16, 8, 3, 3}), b.weight("b", Shape{16})},
                          ints({3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1}));
  // H' = (16 + 1 + 1 - 1 x (3 - 1) - 1) / 2 + 1 = 15 / 2 + 1 = 8: (1,16,8,8), 1,024 outputs.
  CHECK(b.shape(y) == Shape{1, 16, 8, 8});
  // Each output reduces over 8 channels x 9 taps = 72 MACs: 2 x 1,024 x 72 = 147,456; the bias
  // adds 1,024 vector FLOPs. 72 MACs per output is the reduction depth.
  const Op& op = producer_of(b, y);
  CHECK(op_flops(b.graph(), op).mac == 147456);
  CHECK(op_flops(b.graph(), op).vector == 1024);
  CHECK(conv_reduction_depth(b.graph(), op) == 72);
  CHECK_FALSE(layout_op_copies(b.graph(), op));
  // The six-int form of the built models (symmetric padding) gives the same shape.
  CHECK(b.shape(b.op("conv6", OpKind::conv2d, {x, b.weight("w6", Shape{16, 8, 3, 3})}, ints({3, 3, 2, 2, 1, 1}))) == Shape{1, 16, 8, 8});
}

TEST_CASE("conv2d: depthwise, grouped and dilated") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 8, 16, 16}, DType::fp16);
  // Depthwise: groups = 8, w (8, 1, 3, 3); pad 1 keeps 16 x 16: 2,048 outputs of 9 MACs each,
  // 2 x 2,048 x 9 = 36,864 FLOPs, a reduction depth of 9.
  const TensorId dw = b.op("dw", OpKind::conv2d, {x, b.weight("wd", Shape{8, 1, 3, 3})}, ints({3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 8}));
  CHECK(b.shape(dw) == Shape{1, 8, 16, 16});
  CHECK(op_flops(b.graph(), producer_of(b, dw)).mac == 36864);
  CHECK(conv_reduction_depth(b.graph(), producer_of(b, dw)) == 9);
  // Dilation 2, no padding: the 3x3 window spans 5, (16 - 2 x 2 - 1) / 1 + 1 = 12.
  const TensorId dil = b.op("dil", OpKind::conv2d, {x, b.weight("wl", Shape{4, 8, 3, 3})}, ints({3, 3, 1, 1, 0, 0, 0, 0, 2, 2, 1}));
  CHECK(b.shape(dil) == Shape{1, 4, 12, 12});
  // Two groups of 4 channels need w (Cout, 4, kh, kw); (16, 3, 3, 3) does not fit.
  CHECK(test::error_message([&] {
          (void)b.op("bad", OpKind::conv2d, {x, b.weight("wb", Shape{16, 3, 3, 3})}, ints({3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2}));
        }) == "op 'bad' (conv2d): weight (16,3,3,3) does not fit x (1,8,16,16) in 2 group(s)");
  // A 5x5 kernel over a 4x4 input without padding has no output.
  const TensorId small = b.input("small", Shape{1, 8, 4, 4}, DType::fp16);
  CHECK(test::error_message([&] {
          (void)b.op("big", OpKind::conv2d, {small, b.weight("w5", Shape{4, 8, 5, 5})}, ints({5, 5, 1, 1, 0, 0}));
        }).find("is larger than the padded input (4)") != std::string::npos);
}

TEST_CASE("conv_transpose: a 4x4, stride 2, pad 1 up-sampling doubles H and W") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 16, 8, 8}, DType::fp16);
  const TensorId y = b.op("up", OpKind::conv_transpose, {x, b.weight("w", Shape{16, 8, 4, 4})},
                          ints({4, 4, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0}));
  // H' = (8 - 1) x 2 - 1 - 1 + 1 x (4 - 1) + 0 + 1 = 16: (1,8,16,16), 2,048 outputs.
  CHECK(b.shape(y) == Shape{1, 8, 16, 16});
  // Each of the 1,024 inputs scatters into 8 channels x 16 taps: 131,072 MACs, 262,144 FLOPs; per
  // output that is 131,072 / 2,048 = 64 MACs deep.
  CHECK(op_flops(b.graph(), producer_of(b, y)).mac == 262144);
  CHECK(conv_reduction_depth(b.graph(), producer_of(b, y)) == 64);
}

TEST_CASE("pooling: max, average and global average") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 64, 112, 112}, DType::fp16);
  // ResNet's stem pool, 3x3 stride 2 pad 1: (112 + 2 - 2 - 1) / 2 + 1 = 56; 64 x 56 x 56 =
  // 200,704 outputs, one compare per tap: 9 x 200,704 = 1,806,336 vector FLOPs.
  const TensorId mp = b.op("mp", OpKind::max_pool, {x}, ints({3, 3, 2, 2, 1, 1, 1, 1, 0}));
  CHECK(b.shape(mp) == Shape{1, 64, 56, 56});
  CHECK(op_flops(b.graph(), producer_of(b, mp)).vector == 1806336);
  CHECK(op_flops(b.graph(), producer_of(b, mp)).mac == 0);
  // ceil_mode: a 2x2 stride-2 window over 5 gives floor(3 / 2) + 1 = 2, or ceil(3 / 2) + 1 = 3.
  const TensorId five = b.input("five", Shape{1, 1, 5, 5}, DType::fp16);
  CHECK(b.shape(b.op("floor", OpKind::max_pool, {five}, ints({2, 2, 2, 2, 0, 0, 0, 0, 0}))) == Shape{1, 1, 2, 2});
  CHECK(b.shape(b.op("ceil", OpKind::max_pool, {five}, ints({2, 2, 2, 2, 0, 0, 0, 0, 1}))) == Shape{1, 1, 3, 3});
  // 2x2 stride-2 average over (1,4,8,8): 64 outputs, 4 adds and a divide each: 320.
  const TensorId small = b.input("small", Shape{1, 4, 8, 8}, DType::fp16);
  const TensorId ap = b.op("ap", OpKind::avg_pool, {small}, ints({2, 2, 2, 2, 0, 0, 0, 0, 0}));
  CHECK(b.shape(ap) == Shape{1, 4, 4, 4});
  CHECK(op_flops(b.graph(), producer_of(b, ap)).vector == 320);
  // ResNet's head: (2,2048,7,7) -> (2,2048,1,1), 200,704 adds + 4,096 divides = 204,800.
  const TensorId head = b.input("head", Shape{2, 2048, 7, 7}, DType::fp16);
  const TensorId gap = b.op("gap", OpKind::global_avg_pool, {head});
  CHECK(b.shape(gap) == Shape{2, 2048, 1, 1});
  CHECK(op_flops(b.graph(), producer_of(b, gap)).vector == 204800);
}

TEST_CASE("batch_norm, resize, reduce_sum and the CNN activations") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 4, 5, 5}, DType::fp16);
  // 100 elements, a multiply and an add each: 200.
  const TensorId bn = b.op("bn", OpKind::batch_norm, {x, b.weight("s", Shape{4}), b.weight("t", Shape{4})});
  CHECK(b.shape(bn) == Shape{1, 4, 5, 5});
  CHECK(op_flops(b.graph(), producer_of(b, bn)).vector == 200);
  CHECK(test::error_message([&] { (void)b.op("bad", OpKind::batch_norm, {x, b.weight("s5", Shape{5}), b.weight("t5", Shape{5})}); }) ==
        "op 'bad' (batch_norm): scale and shift must hold one value per channel (axis 1) of x (1,4,5,5)");
  // Bilinear 2x: (1,3,4,4) -> (1,3,8,8), 192 outputs of 2 x 2 = 4 taps: 768.
  const TensorId img = b.input("img", Shape{1, 3, 4, 4}, DType::fp16);
  OpAttrs up = ints({1, 3, 8, 8});
  up.parts = 4;
  const TensorId r = b.op("up", OpKind::resize, {img}, up);
  CHECK(b.shape(r) == Shape{1, 3, 8, 8});
  CHECK(op_flops(b.graph(), producer_of(b, r)).vector == 768);
  // A sum over the last axis of (2,3,4): 24 adds, (2,3,1) kept.
  const TensorId t = b.input("t", Shape{2, 3, 4}, DType::fp16);
  OpAttrs last;
  last.axis = -1;
  const TensorId s = b.op("sum", OpKind::reduce_sum, {t}, last);
  CHECK(b.shape(s) == Shape{2, 3, 1});
  CHECK(op_flops(b.graph(), producer_of(b, s)).vector == 24);
  // One vector FLOP per element for each activation: (2,3,4) is 24.
  for (OpKind k : {OpKind::sigmoid, OpKind::hard_swish, OpKind::clip}) {
    const TensorId a = b.op(std::string(op_kind_name(k)), k, {t});
    CHECK(b.shape(a) == Shape{2, 3, 4});
    CHECK(op_flops(b.graph(), producer_of(b, a)).vector == 24);
  }
}

TEST_CASE("a depthwise convolution fills conv_reduction_lanes' share of the MAC array, and takes that much longer") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 32, 16, 16}, DType::fp16);
  const TensorId dw = b.op("dw", OpKind::conv2d, {x, b.weight("wd", Shape{32, 1, 3, 3})}, ints({3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 32}));
  b.output(b.op("pw", OpKind::conv2d, {dw, b.weight("wp", Shape{64, 32, 1, 1})}, ints({1, 1, 1, 1, 0, 0})));
  ChipSpec chip = load_chip("M4", default_config_dir());
  chip.conv_reduction_lanes = 32;
  const Program p = lower(b.finish(), chip);
  REQUIRE(p.ops.size() == 2);
  // The depthwise 3x3 reduces 9 products per output: 9 / 32 of the array. The pointwise conv
  // reduces over 32 channels, a full row of lanes.
  CHECK(p.ops[0].mac_utilisation == doctest::Approx(9.0 / 32));
  CHECK(p.ops[1].mac_utilisation == 1);
  // Its compute time is its MAC FLOPs (2 x 32 x 256 x 9 = 147,456) at 9/32 of the sustained rate.
  const TimingParams t = timing_params(chip);
  const auto s = schedule_ops(p, std::vector<OpTraffic>(p.ops.size()), t);
  const double share = static_cast<double>(s[0].cores_used) / static_cast<double>(t.cores);
  CHECK(p.ops[0].mac_flops == 147456);
  CHECK(s[0].compute_s == doctest::Approx(147456 / (t.mac_flops_per_s * share * 9.0 / 32) + p.ops[0].vector_flops / (t.vector_flops_per_s * share)));
}
