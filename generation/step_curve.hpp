#pragma once
// A decode step's cost as a function of the cache length, from a few simulations.
//
// Why interpolating is sound: the decode graph is the same at every cache length L (same ops,
// same weights); only the attention ops' sizes grow with L (the cache reads, the scores, the
// softmax, the context matmul), each linearly. An op's three times (compute, bandwidth, fixed
// overhead) are then linear in L, and its time, the largest of the three, is continuous in L
// (a regime change bends it, it does not jump). The cost jumps only where (a) a buffer's padded
// size jumps: the last axis is padded to 64-byte rows, so a buffer with L on its last axis grows
// in steps of 64 / 2 = 32 fp16 tokens and is constant in between; (b) a buffer changes residency
// (it stops fitting L2 or the SLC: buffers only grow with L, so once per buffer, where an op's
// L2 hit and miss counts change); (c) an op changes engine or cores.
//
// So the curve simulates both ends of every padding block (the kv_len where L = kv_len + 1 starts
// a multiple of the block, and the last before the next) and takes the line between them when
// their signatures agree (each op's engine, cores and L2 hits and misses; the hand-overs): no
// jump inside. Where they differ it splits the block in two and tests each half, down to
// adjacent lengths, so every jump of (b) and (c) falls between two simulated lengths. What the
// line cannot follow is the bends: regime changes and the scheduler's overlap of weight streaming
// with attention, which moves in small steps. tests/test_generation.cpp compares the curve with
// a simulation at every position: within 0.2% of each step's latency and energy (7e-5 for
// llama-3.2-1b on the M4, 1.8e-3 for gpt2 on the A15, where the overlap bends most).
#include <cstdint>
#include <functional>
#include <map>

#include "sim/app_boundary.hpp"
#include "sim/timing/regime.hpp"

namespace anesim {

// What one decode step costs, at one cache length.
struct StepCost {
  double latency_s = 0;  // simulate()'s latency_s: the engines' time and the run's model I/O
  double energy_j = 0;   // simulate()'s, the same model I/O's copies included
  std::int64_t peak_memory_bytes = 0;
  Regime regime = Regime::overhead;
  BoundaryTraffic run_io;    // the run's model I/O (sim/app_boundary.hpp), in latency_s already
  BoundaryTraffic cache_io;  // what the deployment's cache adds (generation/kv_cache.hpp)
};

struct StepSample {
  StepCost cost;
  std::uint64_t signature = 0;  // equal signatures: same regimes, residency and placement
};

class StepCurve {
 public:
  using Simulate = std::function<StepSample(std::int64_t kv_len)>;

  // Covers kv_len in [first, last]; `block` is the padding block in tokens (>= 1).
  StepCurve(Simulate simulate, std::int64_t first, std::int64_t last, std::int64_t block);

  // The step's cost at `kv_len` (in [first, last]): a simulated point, or the line between the
  // two simulated ends of its linear piece.
  [[nodiscard]] StepCost at(std::int64_t kv_len) const;
  [[nodiscard]] std::size_t simulations() const { return m_points.size(); }
  [[nodiscard]] bool simulated(std::int64_t kv_len) const { return m_points.contains(kv_len); }

 private:
  const StepSample& sample(std::int64_t kv_len);
  void cover(std::int64_t lo, std::int64_t hi);

  Simulate m_simulate;
  std::map<std::int64_t, StepSample> m_points;
  std::map<std::int64_t, std::int64_t> m_pieces;  // a linear piece's first kv_len -> its last
};

}  // namespace anesim
