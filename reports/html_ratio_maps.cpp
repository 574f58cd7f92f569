// The seed's comparison over the study's grid: the reference layout's latency and peak memory
// over each other layout's, a pair of heatmaps per pair of layouts (reports/comparison.hpp).
#include <cctype>

#include <fmt/format.h>

#include "models/layout_catalogue.hpp"
#include "reports/comparison.hpp"
#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/units.hpp"

namespace anesim::html {

namespace {

// "Baseline over ANE layout".
std::string pair_heading(const LayoutPair& pair) {
  std::string reference = layout_text(pair.reference).label;
  if (!reference.empty()) reference[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(reference[0])));
  return fmt::format("<h3>{} over {} layout</h3>\n", svg::escape(reference), svg::escape(layout_text(pair.other).label));
}

std::string pair_maps(const Study& s, const LayoutPair& pair) {
  const std::string& ref = pair.reference;
  const std::string& other = pair.other;
  svg::Heatmap speed = grid_map(s, fmt::format("Speedup: {} latency / {} latency", ref, other));
  svg::Heatmap memory = grid_map(s, fmt::format("Memory saving: {} / {} peak memory", ref, other));
  for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
    for (std::size_t si = 0; si < s.seqs.size(); ++si) {
      const RunResult* b = s.find(ref, s.seqs[si], s.batches[bi]);
      const RunResult* a = s.find(other, s.seqs[si], s.batches[bi]);
      if (b == nullptr || a == nullptr) continue;
      const LayoutRatios ratio = layout_ratios(b->totals, a->totals);
      const std::string where = fmt::format("seq {}, batch {}", s.seqs[si], s.batches[bi]);
      speed.cells[bi][si] = {true, ratio.latency, ratio_label(ratio.latency), "", "",
                             fmt::format("{}: {} {}, {} {}", where, ref, format_seconds(b->totals.latency_s), other,
                                         format_seconds(a->totals.latency_s))};
      memory.cells[bi][si] = {true, ratio.peak_memory, ratio_label(ratio.peak_memory), "", "",
                              fmt::format("{}: {} {}, {} {}", where, ref,
                                          format_bytes(static_cast<double>(b->totals.peak_memory_bytes)), other,
                                          format_bytes(static_cast<double>(a->totals.peak_memory_bytes)))};
    }
  }
  return panel_row({svg::heatmap(speed), svg::heatmap(memory)});
}

}  // namespace

std::string ratio_maps(const Study& s) {
  const std::vector<LayoutPair> pairs = layout_pairs(s.layouts);
  if (pairs.empty()) {
    return "<h3>Layouts compared</h3>\n" +
           note("Speedup and memory-saving maps: skipped, the runs have one layout and the maps compare two.");
  }
  std::string out;
  for (const LayoutPair& pair : pairs) out += pair_heading(pair) + pair_maps(s, pair);
  return out;
}

}  // namespace anesim::html
