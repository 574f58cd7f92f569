#include "reports/svg_waterfall.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"

namespace anesim::svg {

namespace {

constexpr double k_left = 64, k_right = 16, k_top = 36, k_bottom = 44;
constexpr const char* k_saves = "#2ca02c";
constexpr const char* k_costs = "#d1495b";

}  // namespace

std::string waterfall_chart(const WaterfallChart& c) {
  const double plot_w = c.width - k_left - k_right, plot_h = c.height - k_top - k_bottom;
  double top = 0;
  for (const auto& b : c.bars) top = std::max(top, b.value);
  top = top > 0 ? top * 1.12 : 1;  // room for the labels above the tallest bar
  auto y = [&](double v) { return k_top + plot_h * (1 - v / top); };
  const double slot = c.bars.empty() ? plot_w : plot_w / static_cast<double>(c.bars.size());
  const double bar_w = slot * 0.62;
  std::string s = fmt::format(R"(<svg class="chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img">)", c.width, c.height);
  s += fmt::format(R"(<text x="{:.1f}" y="20" font-size="15" font-weight="bold">{}</text>)", k_left, escape(c.title));
  for (int i = 0; i <= 4; ++i) {  // five gridlines, 0 to the top
    const double v = top * i / 4.0;
    s += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#e3e6eb"/>)", k_left, c.width - k_right, y(v), y(v));
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end" fill="#555">{}</text>)", k_left - 6, y(v) + 4,
                     short_number(v));
  }
  double previous = 0;
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const WaterfallBar& b = c.bars[i];
    const double x = k_left + slot * static_cast<double>(i) + (slot - bar_w) / 2;
    const double from = i == 0 ? 0 : previous;
    const double lo = std::min(from, b.value), hi = std::max(from, b.value);
    const std::string colour = i == 0 ? std::string(palette::k_baseline) : (b.value <= from ? k_saves : k_costs);
    s += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}</title></rect>)", x, y(hi),
                     bar_w, std::max(0.5, y(lo) - y(hi)), colour, escape(b.tooltip));
    if (i > 0) {  // the connector from the step before's total
      s += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#888" stroke-dasharray="3,2"/>)", x - (slot - bar_w),
                       x, y(from), y(from));
    }
    std::string text = short_number(b.value);
    if (i > 0) text = hi == lo ? std::string("0") : std::string(b.value < from ? "-" : "+").append(short_number(hi - lo));
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)", x + bar_w / 2, y(hi) - 4,
                     escape(text));
    s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle" fill="#333">{}</text>)", x + bar_w / 2,
                     c.height - k_bottom + 16, escape(b.label));
    previous = b.value;
  }
  s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" fill="#555">{}</text>)", k_left, c.height - 8.0,
                   escape("each bar: the step's saving (green) or cost (red), " + c.unit));
  return s + "</svg>";
}

}  // namespace anesim::svg
