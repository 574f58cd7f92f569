// The mechanisms behind Apple's Figure 2, each on an input small enough to work out by hand:
// rule 7's repacks around a CPU op, rule 10's memory per engine segment, rule 11's weights
// streamed again per batch element, and the DMA's two limits (DRAM rate, port ceiling).
#include <doctest/doctest.h>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/graph_builder.hpp"
#include "sim/lower/lowering.hpp"
#include "sim/lower/mapped_pages.hpp"
#include "sim/timing/scheduler.hpp"
#include "sim/memory/segment_memory.hpp"
#include "tests/program_parts.hpp"
#include "tests/test_lower_passes.hpp"

using namespace anesim;
using anesim::test::buffer;

namespace {
// DRAM gives the ANE 40 x 0.8 = 32 GB/s; its port takes 64 GB/s, DRAM and SLC bytes alike.
ChipSpec port_chip() {
  ChipSpec c;
  c.name = "port";
  c.cores = 16;
  c.peak_fp16_flops_per_s = 10e12;
  c.mac_efficiency = 1;
  c.vector_flops_per_s = 1e12;
  c.l2_bytes = 1 << 20;
  c.l2_bandwidth_Bps = 1e12;
  c.dram_bandwidth_Bps = 40e9;
  c.dram_efficiency = 0.8;
  c.stream_ceiling_Bps = 64e9;
  c.slc_bytes = 64'000'000;
  c.cpu_flops_per_s = 10e9;
  c.cpu_bandwidth_Bps = 10e9;
  return c;
}

LoweredOp weighted_op(std::int64_t weight_bytes, std::int64_t batch_passes) {
  LoweredOp op;
  op.engine = Engine::ane;
  op.weight_bytes = weight_bytes;
  op.batch_passes = batch_passes;
  op.work_rows = 64;
  return op;
}

double dma_s(const ChipSpec& chip, std::int64_t weight_bytes, std::int64_t batch_passes) {
  Program p;
  p.ops = {weighted_op(weight_bytes, batch_passes)};
  return schedule_ops(p, std::vector<OpTraffic>(1), timing_params(chip))[0].dma_s;
}

}  // namespace

TEST_CASE("rule 11: each batch element after the first streams the weights again, through the ANE's port") {
  const ChipSpec chip = port_chip();
  // Batch 1: 32 MB from DRAM at 32 GB/s = 1 ms (the port's 64 GB/s would take 0.5 ms).
  CHECK(dma_s(chip, 32'000'000, 1) == doctest::Approx(1e-3));
  // Batch 2: the second pass re-reads the 32 MB from the SLC (it fits its 64 MB). DRAM still takes
  // 1 ms; the port moves 64 MB in 64 MB / 64 GB/s = 1 ms. The two overlap: 1 ms, no slower.
  CHECK(dma_s(chip, 32'000'000, 2) == doctest::Approx(1e-3));
  // Batch 4: the port moves 4 x 32 MB = 128 MB in 2 ms, which now bounds the op.
  CHECK(dma_s(chip, 32'000'000, 4) == doctest::Approx(2e-3));
  Program p;
  p.ops = {weighted_op(32'000'000, 4)};
  CHECK(schedule_ops(p, std::vector<OpTraffic>(1), timing_params(chip))[0].restream_weight_bytes == 96'000'000);
  // Weights larger than the SLC come from DRAM every time: 4 x 80 MB at 32 GB/s = 10 ms.
  CHECK(dma_s(chip, 80'000'000, 4) == doctest::Approx(10e-3));
}

TEST_CASE("the DMA's two limits: DRAM bytes at DRAM's rate, all bytes at the port's ceiling") {
  const ChipSpec chip = port_chip();
  Program p;
  p.ops = {weighted_op(0, 1)};
  std::vector<OpTraffic> t(1);
  t[0].dram_read_bytes = 16'000'000;  // 0.5 ms at 32 GB/s
  t[0].slc_bytes = 48'000'000;        // with the DRAM bytes, 64 MB through the port: 1 ms
  CHECK(schedule_ops(p, t, timing_params(chip))[0].dma_s == doctest::Approx(1e-3));
  t[0].slc_bytes = 8'000'000;  // 24 MB through the port: 0.375 ms; DRAM's 0.5 ms bounds it
  CHECK(schedule_ops(p, t, timing_params(chip))[0].dma_s == doctest::Approx(0.5e-3));
}

TEST_CASE("rule 10: every engine segment holds its own buffers, so the peak is the sum of theirs") {
  // Steps: 0 ANE, 1 ANE, 2 CPU, 3 ANE: segments [0,1], [2], [3]. Buffer A (100 B) lives 0-1 in the
  // first; B (200 B) is written at 1 and read by the CPU at 2 (a hand-over: both segments hold
  // it); C (50 B) is written at 2 and read at 3; the caller's input D (1,000 B) is counted once.
  Program p;
  p.ops.resize(4);
  p.ops[2].engine = Engine::cpu;
  p.buffers = {buffer(100, 0, 1), buffer(200, 1, 2), buffer(50, 2, 3), buffer(1000, 0, 3, BufferKind::input)};
  p.accesses = {{0, 0, 100, true}, {0, 0, 100, false}, {1, 1, 200, true}, {1, 1, 200, false},
                {2, 2, 50, true},  {2, 2, 50, false},  {3, 3, 1000, false}};
  const std::int32_t first[] = {0, 1, 3, 5};
  const std::int32_t count[] = {1, 2, 2, 2};
  for (int s = 0; s < 4; ++s) {
    p.ops[static_cast<std::size_t>(s)].first_access = first[s];
    p.ops[static_cast<std::size_t>(s)].access_count = count[s];
  }
  const SegmentMemory m = segment_memory(p);
  CHECK(m.segments == 3);
  // First segment: A + B at step 1 = 300; the CPU's: B + C at step 2 = 250; the last: C = 50.
  // 300 + 250 + 50 + 1,000 = 1,600 B, where one shared arena would peak at 300 + 1,000 = 1,300 B.
  CHECK(m.peak_bytes == 1600);
}

TEST_CASE("rule 7: a CPU op over an ANE buffer works on a packed fp32 copy made by a repack step") {
  // x (1,64,64) fp16 -> mul (ANE) -> equal (CPU: its bool output has no ANE type). The mul's
  // output is an ANE buffer: 64 rows of 128 B (already 64-byte aligned) = 8,192 B. Before equal a
  // repack step on the CPU reads those 8,192 B and writes a packed fp32 copy of 64 x 64 x 4 =
  // 16,384 B, which equal then reads.
  const Graph g = test::ane_to_cpu_graph();
  const Program p = lower(g, load_chip("A15", default_config_dir()));
  REQUIRE(p.ops.size() == 3);
  CHECK(p.ops[0].engine == Engine::ane);
  const LoweredOp& repack = p.ops[1];
  CHECK(repack.engine == Engine::cpu);
  CHECK(repack.synthetic == SyntheticStep::repack_in);
  const auto accesses = p.accesses_of(repack);
  REQUIRE(accesses.size() == 2);
  CHECK(accesses[0].bytes == 8192);
  CHECK_FALSE(accesses[0].write);
  CHECK(accesses[1].bytes == 16384);
  CHECK(accesses[1].write);
  const auto op_reads = p.accesses_of(p.ops[2]);
  REQUIRE(op_reads.size() == 2);  // the fp32 copy, then the bool result (4,096 B, packed)
  CHECK(op_reads[0].bytes == 16384);
  CHECK(op_reads[1].bytes == 4096);
  CHECK(p.ops[2].synthetic == SyntheticStep::none);
}

TEST_CASE("rule 11: an ANE op walks the N axis of its output; a (B,S,C) activation has N = 1") {
  // (8,64,1,32) conv-shaped activation: N = 8 batch passes. A rank-3 (8,32,64) tensor right-aligns
  // to (1,8,32,64): the batch sits on C, one pass.
  const Graph g = test::batch_axis_graph();
  const Program p = lower(g, load_chip("A15", default_config_dir()));
  REQUIRE(p.ops.size() == 2);
  CHECK(p.ops[0].batch_passes == 8);
  CHECK(p.ops[1].batch_passes == 1);
}

TEST_CASE("peak memory in three parts: resident weights, folded constants, activations") {
  // distilbert at seq 128, batch 1 on the A15. Constants: the position rows folded to a (1,128,768)
  // fp16 constant, 196,608 B, in both layouts; the baseline adds masked_fill's (1,12,128,128) fp16
  // fill value in each of its 6 layers, 6 x 393,216 = 2,359,296 B: 2,555,904 B in all. The weights
  // are the same parameters in both layouts.
  const ChipSpec chip = load_chip("A15", default_config_dir());
  const ModelSpec model = load_model("distilbert", default_config_dir());
  RunRequest request;
  request.seq = 128;
  request.batch = 1;
  request.layout = "baseline";
  const RunTotals base = simulate(model, chip, request).totals;
  request.layout = "ane";
  const RunTotals ane = simulate(model, chip, request).totals;
  CHECK(ane.constant_bytes == 196608);
  CHECK(base.constant_bytes == 196608 + 6 * 393216);
  CHECK(base.weight_bytes == ane.weight_bytes);
  CHECK(base.peak_memory_bytes == base.weight_bytes + base.constant_bytes + base.peak_activation_bytes);
}

TEST_CASE("a gathered table is resident in the pages its rows sit on, as uniform draws would touch them") {
  // distilbert's word table: 30,522 rows of 768 fp16 = 1,536 B; 46,881,792 B in 2,862 16-KB pages.
  constexpr std::int64_t rows = 30522, row = 1536, page = 16384;
  // One row read: its one page.
  CHECK(expected_resident_bytes(rows, row, 1, page) == page);
  // Far more rows than pages: the whole table, in whole pages (2,862 x 16,384 = 46,891,008 B).
  CHECK(expected_resident_bytes(rows, row, 10'000'000, page) == 2862 * page);
  // 4,096 tokens (batch 8, seq 512): 2,862 x (1 - (1 - 1/2,862)^4,096) = 2,862 x (1 - e^-1.4315)
  // = 2,862 x 0.76103 = 2,178.1 pages: about 35.7 MB, not the 4,096 pages of one page a row.
  CHECK(expected_resident_bytes(rows, row, 4096, page) == doctest::Approx(2178.1 * page).epsilon(1e-4));
  // Two draws from a two-page table: 2 x (1 - 1/4) = 1.5 pages.
  CHECK(expected_resident_bytes(2 * page / row, row, 2, page) == doctest::Approx(1.5 * page).epsilon(1e-3));
  // Rows of two pages each: a row read makes its two pages resident.
  CHECK(expected_resident_bytes(10, 20000, 1, page) == 2 * page);
}
