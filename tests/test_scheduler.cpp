// Op timing against the analytic figure: overhead + max(compute, DMA, L2), plus program launch.
#include <doctest/doctest.h>

#include "sim/timing/scheduler.hpp"

using namespace anesim;

namespace {
ChipSpec test_chip() {
  ChipSpec c;
  c.name = "test";
  c.cores = 16;
  c.peak_fp16_flops_per_s = 10e12;
  c.mac_efficiency = 0.5;  // 5 TFLOP/s sustained
  c.vector_flops_per_s = 1e12;
  c.l2_bytes = 1 << 20;
  c.l2_bandwidth_Bps = 1e12;
  c.op_overhead_s = 1e-6;
  c.program_dispatch_s = 200e-6;
  c.handover_sync_s = 100e-6;
  c.dram_bandwidth_Bps = 100e9;
  c.dram_efficiency = 0.8;      // 80 GB/s from DRAM...
  c.stream_ceiling_Bps = 50e9;  // ...but the ANE's port takes 50 GB/s
  c.cpu_flops_per_s = 10e9;
  c.cpu_bandwidth_Bps = 10e9;
  c.cpu_op_overhead_s = 5e-6;
  return c;
}

LoweredOp ane_op(double mac_flops, std::int64_t weight_bytes, std::int64_t rows = 64) {
  LoweredOp op;
  op.engine = Engine::ane;
  op.mac_flops = mac_flops;
  op.weight_bytes = weight_bytes;
  op.work_rows = rows;
  return op;
}
}  // namespace

TEST_CASE("a compute-bound op takes FLOPs / sustained rate, after the program launch") {
  Program p;
  p.ops = {ane_op(1e9, 1000)};
  const auto s = schedule_ops(p, std::vector<OpTraffic>(1), timing_params(test_chip()));
  // compute = 1e9 / (10e12 * 0.5) = 200 us; DMA = 1000 B / 50 GB/s = 0.02 us.
  CHECK(s[0].compute_s == doctest::Approx(200e-6));
  CHECK(s[0].start_s == doctest::Approx(200e-6));  // the launch
  CHECK(s[0].end_s == doctest::Approx(200e-6 + 1e-6 + 200e-6));
  CHECK(s[0].regime == Regime::compute);
}

TEST_CASE("a bandwidth-bound op takes bytes / the ANE's bandwidth, the port's ceiling here") {
  Program p;
  p.ops = {ane_op(1e6, 100'000'000)};
  const auto s = schedule_ops(p, std::vector<OpTraffic>(1), timing_params(test_chip()));
  // min(100 GB/s * 0.8, 50 GB/s) = 50 GB/s: 1e8 B -> 2 ms; compute 0.2 us.
  CHECK(s[0].dma_s == doctest::Approx(2e-3));
  CHECK(s[0].end_s - s[0].start_s == doctest::Approx(1e-6 + 2e-3));
  CHECK(s[0].regime == Regime::bandwidth);
}

TEST_CASE("an op that uses 2 of 16 cores computes at 2/16 of the rate") {
  Program p;
  p.ops = {ane_op(1e8, 0, 2)};
  const auto s = schedule_ops(p, std::vector<OpTraffic>(1), timing_params(test_chip()));
  // 1e8 / (5e12 * 2/16) = 160 us.
  CHECK(s[0].cores_used == 2);
  CHECK(s[0].compute_s == doctest::Approx(160e-6));
}

TEST_CASE("the next op's weights are prefetched while a compute-bound op runs") {
  Program p;
  p.ops = {ane_op(1e9, 0), ane_op(1e6, 5'000'000)};
  std::vector<OpTraffic> traffic(2);
  traffic[0].l2_free_after_bytes = 1 << 20;  // 1 MiB of L2 room for the prefetch
  const auto s = schedule_ops(p, traffic, timing_params(test_chip()));
  // Op 0 computes 200 us (+1 us overhead) with the DMA idle: 201 us x 50 GB/s = 10 MB could move,
  // but only 1 MiB fits in L2. Op 1 then streams 5,000,000 - 1,048,576 bytes at 50 GB/s.
  CHECK(s[1].prefetched_weight_bytes == 1048576);
  CHECK(s[1].dma_s == doctest::Approx((5'000'000.0 - 1048576.0) / 50e9));
}

TEST_CASE("crossing to the CPU and back costs a sync and a new launch") {
  Program p;
  LoweredOp cpu;
  cpu.engine = Engine::cpu;
  cpu.vector_flops = 1e4;  // 1 us on a 10 GFLOP/s CPU
  p.ops = {ane_op(0, 0), cpu, ane_op(0, 0)};
  const auto s = schedule_ops(p, std::vector<OpTraffic>(3), timing_params(test_chip()));
  CHECK(s[0].border_s == doctest::Approx(200e-6));
  CHECK(s[1].border_s == doctest::Approx(100e-6));
  CHECK(s[1].end_s - s[1].start_s == doctest::Approx(5e-6 + 1e-6));
  CHECK(s[2].border_s == doctest::Approx(200e-6));
}
