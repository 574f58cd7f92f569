#include "reports/comparison.hpp"

#include <algorithm>

#include "models/layout_catalogue.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

LayoutRatios layout_ratios(const RunTotals& reference, const RunTotals& other) {
  auto ratio = [](double x, double y) { return y > 0 ? x / y : 0.0; };
  return {ratio(reference.latency_s, other.latency_s),
          ratio(static_cast<double>(reference.peak_memory_bytes), static_cast<double>(other.peak_memory_bytes)),
          ratio(static_cast<double>(reference.dram_read_bytes + reference.dram_write_bytes),
                static_cast<double>(other.dram_read_bytes + other.dram_write_bytes)),
          ratio(reference.energy_j, other.energy_j)};
}

LayoutRatios baseline_over_ane(const RunTotals& baseline, const RunTotals& ane) { return layout_ratios(baseline, ane); }

std::vector<std::string> ordered_layouts(const std::set<std::string>& present) {
  std::vector<std::string> out;
  const std::string reference = reference_layout();
  if (present.count(reference) != 0) out.push_back(reference);
  for (const std::string& l : layout_names())
    if (l != reference && present.count(l) != 0) out.push_back(l);
  for (const std::string& l : present)
    if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  return out;
}

std::vector<LayoutPair> layout_pairs(const std::vector<std::string>& ordered) {
  std::vector<LayoutPair> pairs;
  for (std::size_t i = 1; i < ordered.size(); ++i) pairs.push_back({ordered.front(), ordered[i]});
  return pairs;
}

bool is_reference_comparison(const std::vector<std::string>& layouts) {
  if (layouts.size() < 2 || layouts.front() != reference_layout()) return false;
  const std::set<std::string> distinct(layouts.begin(), layouts.end());
  return distinct.size() == layouts.size();
}

}  // namespace anesim
