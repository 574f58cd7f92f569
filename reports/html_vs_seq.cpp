// Figure 2: a metric vs sequence length, one line per batch, one panel per layout on a shared y
// axis, with the device's measured points over the predicted lines.
#include <fmt/format.h>

#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/palette.hpp"
#include "sim/run_choices.hpp"

namespace anesim::html {

namespace {

std::string series_colour(std::size_t i) { return std::string(palette::k_series[i % palette::k_series.size()]); }

svg::LineChart layout_chart(const Study& s, const VsSeqPanel& panel, const std::vector<MeasuredPoint>& measured,
                            const std::string& layout) {
  svg::LineChart chart;
  chart.title = fmt::format("{}, {} layout", panel.what, layout);
  chart.x_label = "sequence length (tokens)";
  chart.y_label = panel.y_label;
  chart.y_unit = panel.unit;
  chart.width = s.layouts.size() == 1 ? k_full_px : k_half_px;
  for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
    svg::Series series;
    series.name = fmt::format("batch {}", s.batches[bi]);
    series.color = series_colour(bi);
    for (std::int64_t seq : s.seqs)
      if (const RunResult* r = s.find(layout, seq, s.batches[bi])) series.points.emplace_back(static_cast<double>(seq), panel.metric(*r));
    if (!series.points.empty()) chart.series.push_back(std::move(series));
  }
  for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
    svg::Series points;
    points.name = fmt::format("measured, batch {}", s.batches[bi]);
    points.color = series_colour(bi);
    points.measured = true;
    points.points = measured_series(s, measured, panel.latency, layout, s.batches[bi]);
    if (!points.points.empty()) chart.series.push_back(std::move(points));
  }
  return chart;
}

}  // namespace

std::vector<std::pair<double, double>> measured_series(const Study& s, const std::vector<MeasuredPoint>& measured,
                                                       bool latency, const std::string& layout, std::int64_t batch) {
  std::vector<std::pair<double, double>> out;
  for (const MeasuredPoint& m : measured) {
    if (m.latency != latency || m.model != s.context.model || m.chip != s.context.chip || m.layout != layout ||
        m.batch != batch || is_decode(s.context.phase))
      continue;
    if (latency && m.power_state != s.context.power_state) continue;
    out.emplace_back(static_cast<double>(m.seq), latency ? to_ms(m.value) : to_mb(m.value));
  }
  return out;
}

std::string vs_seq_panels(const Study& s, const VsSeqPanel& panel, const std::vector<MeasuredPoint>& measured) {
  if (s.seqs.size() < 2) return note(panel.what + " vs sequence length: skipped, the runs have one sequence length.");
  std::vector<svg::LineChart> charts;
  for (const std::string& layout : s.layouts) charts.push_back(layout_chart(s, panel, measured, layout));
  std::vector<const svg::LineChart*> all;
  all.reserve(charts.size());
  for (const auto& c : charts) all.push_back(&c);
  const auto shared = svg::y_extent(all);
  std::vector<std::string> rendered;
  for (auto& c : charts) {
    c.y_range = shared;
    rendered.push_back(svg::line_chart(c));
  }
  return panel_row(rendered);
}

}  // namespace anesim::html
