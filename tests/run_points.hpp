#pragma once
// Hand-made results for the writers' tests: a run's labels and the totals a test sets, without
// simulating anything.
#include <cstdint>
#include <string>

#include "sim/run_result.hpp"

namespace anesim::test {

// distilbert on A15, batch 1, seq 128, in `layout`, with the given latency and peak memory.
inline RunResult distilbert_point(const std::string& layout, double latency_s, std::int64_t peak_memory_bytes) {
  RunResult r;
  r.model = "distilbert";
  r.chip = "A15";
  r.layout = layout;
  r.batch = 1;
  r.seq = 128;
  r.totals.latency_s = latency_s;
  r.totals.peak_memory_bytes = peak_memory_bytes;
  return r;
}

}  // namespace anesim::test
