#include "reports/comparison.hpp"

namespace anesim {

LayoutRatios baseline_over_ane(const RunTotals& b, const RunTotals& a) {
  auto ratio = [](double x, double y) { return y > 0 ? x / y : 0.0; };
  return {ratio(b.latency_s, a.latency_s),
          ratio(static_cast<double>(b.peak_memory_bytes), static_cast<double>(a.peak_memory_bytes)),
          ratio(static_cast<double>(b.dram_read_bytes + b.dram_write_bytes),
                static_cast<double>(a.dram_read_bytes + a.dram_write_bytes)),
          ratio(b.energy_j, a.energy_j)};
}

}  // namespace anesim
