// Peak memory and offsets from buffer lifetimes, on programs small enough to check by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "sim/memory/buffer_allocator.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/graph_builder.hpp"
#include "models/transformer_builder.hpp"
#include "sim/lower/lowering.hpp"
#include "tests/program_parts.hpp"

using namespace anesim;
using anesim::test::buffer;

TEST_CASE("peak is the largest live total; offsets reuse freed space") {
  Program p;
  p.ops.resize(4);
  // A lives 0-1, B 1-2, C 2-3, and a 1,000-byte constant all along (held with the weights).
  p.buffers = {buffer(100, 0, 1), buffer(200, 1, 2), buffer(50, 2, 3), buffer(1000, 0, 3, BufferKind::constant)};
  const Allocation a = allocate_buffers(p);
  // step 0: 100; step 1: 100 + 200 = 300; step 2: 200 + 50 = 250; step 3: 50.
  CHECK(a.peak_bytes == 300);
  CHECK(a.peak_step == 1);
  // Largest first: B at 0; A overlaps B at step 1 -> 200; C overlaps B only -> 200 (A is dead).
  CHECK(a.offsets[1] == 0);
  CHECK(a.offsets[0] == 200);
  CHECK(a.offsets[2] == 200);
  CHECK(a.offsets[3] == -1);
  CHECK(a.arena_bytes == 300);
}

TEST_CASE("a chain on the ANE holds the caller's input and two padded buffers at a time") {
  // x (1,768,1,1) fp16 -> relu -> relu -> relu. On the ANE each buffer is 768 rows x 64 B =
  // 49,152 B (32x its 1,536 logical bytes). The caller's input x exists for the whole call; the
  // second relu holds the first's output and its own: peak 3 x 49,152.
  GraphBuilder b;
  TensorId t = b.input("x", Shape{1, 768, 1, 1}, DType::fp16);
  for (int i = 0; i < 3; ++i) t = b.op("relu" + std::to_string(i), OpKind::relu, {t});
  b.output(t);
  const Graph g = b.finish();
  const Program p = lower(g, load_chip("A15", default_config_dir()));
  const Allocation a = allocate_buffers(p);
  CHECK(a.peak_bytes == 3 * 49152);
  CHECK(a.peak_logical_bytes == 3 * 1536);
  CHECK(a.peak_step == 1);
}

TEST_CASE("the indexed offset search gives the plain first-fit offsets") {
  // The plain definition: buffers largest first (lower id first among equals), each at the lowest
  // offset whose range misses every already placed buffer alive at the same time.
  auto first_fit = [](const Program& p) {
    std::vector<std::int64_t> offsets(p.buffers.size(), -1);
    std::vector<std::size_t> order(p.buffers.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return p.buffers[x].allocated_bytes > p.buffers[y].allocated_bytes;
    });
    std::vector<std::size_t> placed;
    for (std::size_t i : order) {
      const Buffer& b = p.buffers[i];
      if (b.kind == BufferKind::constant) continue;
      std::int64_t offset = 0;
      for (bool moved = true; moved;) {
        moved = false;
        for (std::size_t j : placed) {
          const Buffer& o = p.buffers[j];
          const bool alive_together = o.first_step <= b.last_step && b.first_step <= o.last_step;
          const std::int64_t begin = offsets[j], end = begin + o.allocated_bytes;
          if (alive_together && begin < offset + b.allocated_bytes && end > offset) {
            offset = end;
            moved = true;
          }
        }
      }
      offsets[i] = offset;
      placed.push_back(i);
    }
    return offsets;
  };
  // Random lifetimes, short and long (spanning many blocks of steps, some whole superblocks), with
  // repeated sizes.
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    Program p;
    // Up to 1,200 steps: five superblocks of 256 steps (sim/memory/offset_blocks.hpp), which
    // lifetimes of up to 700 steps cover wholly and shorter ones straddle.
    const int steps = 1 + static_cast<int>(rng() % 1200);
    p.ops.resize(static_cast<std::size_t>(steps));
    const int count = static_cast<int>(rng() % 200);
    for (int k = 0; k < count; ++k) {
      const int first = static_cast<int>(rng() % static_cast<unsigned>(steps));
      const unsigned kind = rng() % 8;  // a few cover superblocks, some span blocks, most a few steps
      const int span = static_cast<int>(kind == 0 ? rng() % 700 : kind < 3 ? rng() % 100 : rng() % 3);
      const int last = std::min(first + span, steps - 1);
      // Zero-byte buffers too. Few sizes in even rounds, as a transformer has (the allocator orders
      // them by counting); many in odd ones (its radix sort).
      const std::int64_t bytes = 64 * static_cast<std::int64_t>(rng() % (round % 2 == 0 ? 12 : 1000));
      p.buffers.push_back(buffer(bytes, first, last, rng() % 10 == 0 ? BufferKind::constant : BufferKind::activation));
    }
    INFO("round " << round);
    const auto expected = first_fit(p);
    CHECK(allocate_buffers(p).offsets == expected);
    CHECK(allocate_buffers(p, OffsetSearch::blocks).offsets == expected);
    CHECK(allocate_buffers(p, OffsetSearch::superblocks).offsets == expected);
    CHECK(allocate_buffers(p, OffsetSearch::index).offsets == expected);
  }
}

TEST_CASE("the index search gives the plain first-fit offsets when most buffers live long") {
  // Long lifetimes (a layer's K/V caches living to the end) are where the block search was
  // quadratic and `automatic` takes the index: compare both with each other on such programs.
  std::mt19937 rng(16);
  for (int round = 0; round < 30; ++round) {
    Program p;
    const int steps = 1 + static_cast<int>(rng() % 2000);
    p.ops.resize(static_cast<std::size_t>(steps));
    const int count = static_cast<int>(rng() % 400);
    for (int k = 0; k < count; ++k) {
      const int first = static_cast<int>(rng() % static_cast<unsigned>(steps));
      const int last = rng() % 3 == 0 ? steps - 1 : std::min(first + static_cast<int>(rng() % 5), steps - 1);
      const std::int64_t bytes = 64 * static_cast<std::int64_t>(rng() % 6);
      p.buffers.push_back(buffer(bytes, first, last));
    }
    INFO("round " << round);
    const auto index = allocate_buffers(p, OffsetSearch::index).offsets;
    CHECK(index == allocate_buffers(p, OffsetSearch::blocks).offsets);
    CHECK(index == allocate_buffers(p, OffsetSearch::superblocks).offsets);
  }
  // Runs that touch merge into one, and a gap too small for the buffer is skipped: A [0, 64) and
  // B [64, 128) at steps 0-9, C [192, 256) at steps 5-9 (after D took [128, 192) at steps 0-2).
  Program p;
  p.ops.resize(10);
  p.buffers = {buffer(64, 0, 9), buffer(64, 0, 9), buffer(64, 5, 9), buffer(64, 0, 2), buffer(100, 3, 9)};
  // Largest first: E (100 B, steps 3-9) at 0; then A, B at 100, 164; C at 228; D at 0 (E dead).
  const Allocation a = allocate_buffers(p, OffsetSearch::index);
  CHECK(a.offsets == std::vector<std::int64_t>{100, 164, 228, 0, 0});
  CHECK(a.arena_bytes == 292);
}

TEST_CASE("a buffer covering a superblock meets what lives in it through the superblock's runs") {
  // 600 steps: superblocks [0, 255], [256, 511], [512, 599]. Largest first, then by id:
  //   A 128 B, steps 300-310: at 0.
  //   B  64 B, steps 0-599 (covers every superblock, recorded in their `covered` runs): A lives
  //      then, so at 128.
  //   C  64 B, steps 100-200: only B lives then ([128, 192)), so at 0.
  //   D  64 B, steps 250-260 (straddles superblocks 0 and 1): B lives then, C is dead: at 0.
  //   E  32 B, steps 256-511, exactly superblock 1: it finds A [0, 128) and D [0, 64) in that
  //      superblock's `within` runs and B in its `covered` runs, so [0, 192) is taken: at 192.
  // Without the `within` runs E would sit at 0 over A and D.
  Program p;
  p.ops.resize(600);
  p.buffers = {buffer(128, 300, 310), buffer(64, 0, 599), buffer(64, 100, 200), buffer(64, 250, 260), buffer(32, 256, 511)};
  const std::vector<std::int64_t> expected{0, 128, 0, 0, 192};
  for (const OffsetSearch search : {OffsetSearch::blocks, OffsetSearch::superblocks, OffsetSearch::index}) {
    const Allocation a = allocate_buffers(p, search);
    CHECK(a.offsets == expected);
    CHECK(a.arena_bytes == 224);  // E's end
  }
}

TEST_CASE("the three searches give the same offsets on every shipped model") {
  // The block search merges the buffers covering a block of steps into runs (llama's K/V caches,
  // kept to the end, stack into one); the index search merges by its own tree. Both are the plain
  // first fit, so every lowered zoo program must come out the same from each.
  const ChipSpec chip = load_chip("A15", default_config_dir());
  int programs = 0;
  for (const auto& file : config_files(default_config_dir(), "models")) {
    const ModelSpec m = load_model_file(file);
    for (const char* layout : {"baseline", "ane"}) {
      INFO(m.name << " " << layout);
      const Program p = lower(build_transformer(m, layout, 2, 64), chip, LoweringPipeline{});
      const Allocation blocks = allocate_buffers(p, OffsetSearch::blocks);
      const Allocation superblocks = allocate_buffers(p, OffsetSearch::superblocks);
      const Allocation index = allocate_buffers(p, OffsetSearch::index);
      CHECK(blocks.offsets == index.offsets);
      CHECK(superblocks.offsets == index.offsets);
      CHECK(blocks.arena_bytes == index.arena_bytes);
      ++programs;
    }
  }
  CHECK(programs >= 34);  // 17 models at the time of writing, two layouts each
}
