// The study's chosen point at a glance: each layout's latency and regime, then the reference
// layout's latency and peak memory over each other layout's.
#include <fmt/format.h>

#include "reports/comparison.hpp"
#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/units.hpp"

namespace anesim::html {

std::string summary_cards(const Study& s) {
  const auto point = chosen_point(s);
  if (!point) return "";
  std::string out = "<div class=\"cards\">\n";
  auto card = [&](const std::string& value, const std::string& label) {
    out += fmt::format("<div class=\"card\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>\n", svg::escape(value),
                       svg::escape(label));
  };
  const std::string where = fmt::format("seq {}, batch {}", point->first, point->second);
  for (const std::string& layout : s.layouts) {
    if (const RunResult* r = s.find(layout, point->first, point->second))
      card(format_seconds(r->totals.latency_s), fmt::format("{} layout, {}, {}", r->layout, where, short_regime(r->totals.regime) + "-bound"));
  }
  for (const LayoutPair& pair : layout_pairs(s.layouts)) {
    const RunResult* reference = s.find(pair.reference, point->first, point->second);
    const RunResult* other = s.find(pair.other, point->first, point->second);
    if (reference == nullptr || other == nullptr) continue;
    const LayoutRatios ratio = layout_ratios(reference->totals, other->totals);
    card(ratio_label(ratio.latency), fmt::format("faster in the {} layout, {}", pair.other, where));
    card(ratio_label(ratio.peak_memory), fmt::format("less peak memory in the {} layout, {}", pair.other, where));
  }
  return out + "</div>\n";
}

}  // namespace anesim::html
