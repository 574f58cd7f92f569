#pragma once
// The seed's comparison: how many times slower, bigger and chattier the baseline layout is.
#include "sim/run_result.hpp"

namespace anesim {

struct LayoutRatios {
  double latency = 0;
  double peak_memory = 0;
  double dram_traffic = 0;
  double energy = 0;
};

[[nodiscard]] LayoutRatios baseline_over_ane(const RunTotals& baseline, const RunTotals& ane);

}  // namespace anesim
