// modelling rule 1: rank right-aligned into (N,C,H,W), each W row padded to the alignment.
#include <doctest/doctest.h>

#include "sim/lower/buffer_layout.hpp"
#include "core/error.hpp"

using namespace anesim;

TEST_CASE("a singleton last axis in fp16 takes 32x its logical bytes") {
  // (1, 768, 1, 1) fp16: 768 rows of one 2-byte element, each padded to 64 bytes.
  // logical 768 * 2 = 1,536 B; allocated 768 * 64 = 49,152 B = 32x (the seed's figure).
  const BufferLayout l = ane_buffer_layout(Shape{1, 768, 1, 1}, DType::fp16, 64);
  CHECK(l.logical_bytes == 1536);
  CHECK(l.allocated_bytes == 49152);
  CHECK(l.padding_factor() == doctest::Approx(32.0));
}

TEST_CASE("a singleton last axis in int8 takes 64x") {
  const BufferLayout l = ane_buffer_layout(Shape{1, 768, 1, 1}, DType::int8, 64);
  CHECK(l.allocated_bytes == 768 * 64);
  CHECK(l.padding_factor() == doctest::Approx(64.0));
}

TEST_CASE("W = 768 in fp16 is 1,536-byte rows, a multiple of 64: no padding") {
  const BufferLayout l = ane_buffer_layout(Shape{1, 128, 768}, DType::fp16, 64);
  CHECK(l.row_bytes == 1536);
  CHECK(l.padded_row_bytes == 1536);
  CHECK(l.allocated_bytes == l.logical_bytes);
  CHECK(l.logical_bytes == 128 * 768 * 2);
}

TEST_CASE("lower ranks are right-aligned and higher ranks fold into N") {
  const BufferLayout two = ane_buffer_layout(Shape{3, 5}, DType::fp16, 64);
  CHECK(two.nchw == std::array<std::int64_t, 4>{1, 1, 3, 5});
  // 5 fp16 = 10 B per row, padded to 64: 3 rows -> 192 B.
  CHECK(two.allocated_bytes == 192);
  const BufferLayout five = ane_buffer_layout(Shape{2, 3, 4, 5, 6}, DType::fp16, 64);
  CHECK(five.nchw == std::array<std::int64_t, 4>{6, 4, 5, 6});
}

TEST_CASE("the sequence on W: S = 100 pads each row from 200 to 256 bytes") {
  // The ANE layout puts S last, so S not a multiple of 32 (fp16) pads every activation.
  const BufferLayout l = ane_buffer_layout(Shape{1, 768, 1, 100}, DType::fp16, 64);
  CHECK(l.padded_row_bytes == 256);
  CHECK(l.allocated_bytes == 768 * 256);
}

TEST_CASE("packed layouts (CPU buffers) never pad") {
  const BufferLayout l = packed_layout(Shape{1, 768, 1, 1}, DType::fp16);
  CHECK(l.allocated_bytes == 1536);
}

TEST_CASE("an alignment that is not a power of two is rejected") {
  CHECK_THROWS_AS((void)ane_buffer_layout(Shape{4}, DType::fp16, 48), Error);
  CHECK_THROWS_AS((void)Shape({2, 0, 3}), Error);
}
