// What limits each run of the study's grid (compute, bandwidth or overhead), a map per layout.
#include <fmt/format.h>

#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/palette.hpp"
#include "reports/units.hpp"

namespace anesim::html {

namespace {

std::string regime_colour(Regime r) { return std::string(palette::regime_colour(r)); }

double regime_share(const RunTotals& t) {
  switch (t.regime) {
    case Regime::compute: return t.compute_share;
    case Regime::bandwidth: return t.bandwidth_share;
    case Regime::overhead: return t.overhead_share;
  }
  return 0;
}

svg::HeatCell regime_cell(const RunTotals& t, std::int64_t seq, std::int64_t batch) {
  return {true, 0,
          // "BW" keeps the label short; the legend spells it out. A cell too narrow for the word
          // keeps the share; its colour names the regime.
          fmt::format("{} {:.0f}%", t.regime == Regime::bandwidth ? "BW" : short_regime(t.regime), 100 * regime_share(t)),
          fmt::format("{:.0f}%", 100 * regime_share(t)), regime_colour(t.regime),
          fmt::format("seq {}, batch {}: compute {:.0f}%, bandwidth {:.0f}%, overhead {:.0f}% of {}", seq, batch,
                      100 * t.compute_share, 100 * t.bandwidth_share, 100 * t.overhead_share, format_seconds(t.latency_s))};
}

}  // namespace

std::string regime_maps(const Study& s) {
  std::vector<std::string> rendered;
  for (const std::string& layout : s.layouts) {
    svg::Heatmap map = grid_map(s, "What limits it: " + layout + " layout");
    if (s.layouts.size() == 1) map.width = k_full_px;
    for (Regime r : {Regime::compute, Regime::bandwidth, Regime::overhead})
      map.legend.emplace_back(regime_colour(r), std::string(regime_name(r)) + (r == Regime::bandwidth ? " (BW)" : ""));
    for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
      for (std::size_t si = 0; si < s.seqs.size(); ++si) {
        if (const RunResult* r = s.find(layout, s.seqs[si], s.batches[bi]))
          map.cells[bi][si] = regime_cell(r->totals, s.seqs[si], s.batches[bi]);
      }
    }
    rendered.push_back(svg::heatmap(map));
  }
  return panel_row(rendered) + note("Each cell names the regime of the whole run and the share of its latency spent in ops of "
                                    "that regime (border time counts as overhead).");
}

}  // namespace anesim::html
