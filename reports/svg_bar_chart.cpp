#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "reports/svg_chart.hpp"
#include "reports/svg_draw.hpp"

namespace anesim::svg {

using namespace draw;

namespace {

constexpr double k_bar_h = 15, k_group_gap = 10;

// (x, y) of each series' legend swatch. The legend wraps onto more rows when a narrow panel
// cannot hold every series on one; a single series has none.
std::vector<std::pair<double, double>> legend_positions(const BarChart& chart) {
  std::vector<std::pair<double, double>> at;
  if (chart.series.size() <= 1) return at;
  const double left = 16;
  double lx = left, ly = 32;
  for (const auto& entry : chart.series) {
    const double entry_w = 36 + 7.0 * static_cast<double>(entry.first.size());
    if (lx > left && lx + entry_w - 16 > chart.width - 8) lx = left, ly += 18;
    at.emplace_back(lx, ly);
    lx += entry_w;
  }
  return at;
}

struct BarFrame {
  double x0, x1, y0, y1, xend, group_h, nseries;
  [[nodiscard]] double xpos(double v) const { return x0 + v / xend * (x1 - x0); }
};

std::string group_bars(const BarChart& chart, const BarGroup& g, double gy, const BarFrame& f) {
  std::string out = text(f.x0 - 8, gy + f.nseries * k_bar_h / 2 + 4, g.label, "text-anchor=\"end\"");
  for (std::size_t si = 0; si < g.values.size() && si < chart.series.size(); ++si) {
    const double v = g.values[si];
    if (v < 0) continue;
    const double y = gy + k_bar_h * static_cast<double>(si);
    const std::string label = si < g.value_labels.size() ? g.value_labels[si] : short_number(v);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>", c(f.x0), c(y + 1),
                       c(std::max(0.5, f.xpos(v) - f.x0)), c(k_bar_h - 2), chart.series[si].second, escape(g.label),
                       escape(chart.series[si].first), escape(label));
    out += text(f.xpos(v) + 5, y + k_bar_h - 4, label, "font-size=\"11\"");
  }
  return out;
}

}  // namespace

std::string bar_chart(const BarChart& chart) {
  const int w = chart.width;
  const auto legend_at = legend_positions(chart);
  double vmax = 0;
  for (const BarGroup& g : chart.groups)
    for (double v : g.values) vmax = std::max(vmax, v);
  if (chart.x_max) vmax = std::max(vmax, *chart.x_max);
  const auto ticks = linear_ticks(vmax);
  BarFrame f{};
  f.x0 = chart.label_width;
  f.x1 = w - 64;
  f.y0 = 58 + (legend_at.empty() ? 0 : legend_at.back().second - 32);
  f.nseries = static_cast<double>(std::max<std::size_t>(1, chart.series.size()));
  f.group_h = f.nseries * k_bar_h + k_group_gap;
  f.y1 = f.y0 + f.group_h * static_cast<double>(chart.groups.size());
  f.xend = ticks.back();
  const int h = static_cast<int>(f.y1 + 50);
  std::string out = svg_open(w, h, chart.title);
  out += chart_title(w, chart.title);
  for (std::size_t i = 0; i < legend_at.size(); ++i) {
    const auto [lx, ly] = legend_at[i];
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/>", c(lx), c(ly), chart.series[i].second);
    out += text(lx + 20, ly + 12, chart.series[i].first);
  }
  for (double t : ticks) {
    const double x = f.xpos(t);
    out += line(x, f.y0 - 4, x, f.y1, k_grid);
    out += text(x, f.y1 + 16, short_number(t), "text-anchor=\"middle\"");
  }
  for (std::size_t gi = 0; gi < chart.groups.size(); ++gi)
    out += group_bars(chart, chart.groups[gi], f.y0 + f.group_h * static_cast<double>(gi), f);
  out += line(f.x0, f.y0 - 4, f.x0, f.y1, k_axis);
  out += line(f.x0, f.y1, f.x1, f.y1, k_axis) + "\n";
  out += text((f.x0 + f.x1) / 2, f.y1 + 38, chart.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  return out + "</svg>\n";
}

}  // namespace anesim::svg
