#include "reports/html_parts.hpp"

#include <fmt/format.h>

#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"

namespace anesim::html {

std::string note(const std::string& text) { return "<p class=\"note\">" + svg::escape(text) + "</p>\n"; }

std::string panel_row(const std::vector<std::string>& charts) {
  std::string out = "<div class=\"row\">\n";
  for (const std::string& c : charts) out += c;
  return out + "</div>\n";
}

std::string layout_colour(const std::string& layout, std::size_t index, bool light) {
  for (const palette::LayoutColours& c : palette::k_layout_colours)
    if (layout == c.layout) return std::string(light ? c.light : c.colour);
  return std::string(palette::k_series[(index + 2) % palette::k_series.size()]);
}

std::string ratio_label(double ratio) { return ratio < 10 ? fmt::format("{:.2f}x", ratio) : fmt::format("{:.1f}x", ratio); }

std::string short_regime(Regime regime) {
  switch (regime) {
    case Regime::compute: return "compute";
    case Regime::bandwidth: return "bandwidth";
    case Regime::overhead: return "overhead";
  }
  return "?";
}

}  // namespace anesim::html
