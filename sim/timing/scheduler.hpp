#pragma once
// Timing (modelling rules 5 and 7). Ops run one after another in program order. An ANE op is split
// over the cores by its output rows; its time is a fixed per-op overhead plus the largest of its
// compute time, its DMA time (activations and constants that miss L2, plus the weights not yet
// prefetched, at the ANE's share of DRAM bandwidth) and its L2 time. While an op computes, the
// DMA engine fetches the next ANE op's weights into the L2 room left free (double buffering).
// A CPU op takes its overhead plus the larger of its compute and memory time. Each CPU->ANE
// border launches a new ANE program (dispatch cost); each ANE->CPU border waits for completion.
#include <cstdint>
#include <vector>

#include "sim/lower/program.hpp"
#include "sim/memory/traffic.hpp"
#include "sim/timing/regime.hpp"
#include "sim/timing/timing_params.hpp"

namespace anesim {

struct ScheduledOp {
  double start_s = 0;
  double end_s = 0;
  double border_s = 0;  // hand-over or program dispatch paid just before this op
  double overhead_s = 0;
  double compute_s = 0;
  double dma_s = 0;
  double l2_s = 0;
  std::int64_t prefetched_weight_bytes = 0;
  std::int64_t restream_weight_bytes = 0;  // weights streamed again for batch elements after the first
  std::int64_t cores_used = 0;
  Regime regime = Regime::overhead;
};

// A period of repeated layers that the lowering emitted renamed, with the traffic of the period
// before and entered in the same state, takes that period's times rather than being scheduled
// again (the clock still sums every step); `replayed_steps`, when given, counts their steps.
[[nodiscard]] std::vector<ScheduledOp> schedule_ops(const Program& program, const std::vector<OpTraffic>& traffic,
                                                    const TimingParams& params, std::int32_t* replayed_steps = nullptr);

}  // namespace anesim
