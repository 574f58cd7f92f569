#pragma once
// The seed's comparison, for any number of layouts: how many times slower, bigger and chattier
// the reference layout (models/layouts.def) is than each other layout. Every writer lists layouts
// in the same order and pairs them the same way, so a new layout is compared everywhere at once.
#include <set>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

struct LayoutRatios {
  double latency = 0;
  double peak_memory = 0;
  double dram_traffic = 0;
  double energy = 0;
};

// reference / other, each metric; 0 where the other's is 0.
[[nodiscard]] LayoutRatios layout_ratios(const RunTotals& reference, const RunTotals& other);
// The same for the two layouts the seed compares (the Python module's name for it).
[[nodiscard]] LayoutRatios baseline_over_ane(const RunTotals& baseline, const RunTotals& ane);

// The reference layout first, then layouts.def's order, then names it does not list, by name.
[[nodiscard]] std::vector<std::string> ordered_layouts(const std::set<std::string>& present);

struct LayoutPair {
  std::string reference;
  std::string other;
};
// `ordered` as ordered_layouts gives it: its first layout (the reference when present) against
// each of the others, in order. Empty with fewer than two layouts.
[[nodiscard]] std::vector<LayoutPair> layout_pairs(const std::vector<std::string>& ordered);

// Whether `layouts`, in their order, are one comparison: the reference layout, then other layouts
// each once (`anesim run --layout both`'s runs).
[[nodiscard]] bool is_reference_comparison(const std::vector<std::string>& layouts);

}  // namespace anesim
