#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "reports/svg_chart.hpp"
#include "reports/svg_draw.hpp"

namespace anesim::svg {

using namespace draw;

namespace {

constexpr double k_cell_padding_px = 4;  // free space either side of a heatmap cell's text

struct Grid {
  double x0, x1, y0, y1, cell_w, cell_h;
};

// The colour scale's range: the values of the cells the scale colours, with 1x always in it.
struct ColourRange {
  double lo = 0, hi = 0;
  bool any = false;
  [[nodiscard]] std::string fill(double v) const {
    if (!(hi > lo) || v <= 0) return green(0.5);
    return green((std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)));
  }
};

ColourRange colour_range(const Heatmap& map) {
  ColourRange r;
  for (const auto& row : map.cells)
    for (const HeatCell& cell : row)
      if (cell.present && cell.fill.empty() && cell.value > 0) {
        r.lo = r.any ? std::min(r.lo, cell.value) : cell.value;
        r.hi = r.any ? std::max(r.hi, cell.value) : cell.value;
        r.any = true;
      }
  r.lo = std::min(r.lo, 1.0);
  return r;
}

// A label that fits nowhere gives way to the cell's short label.
const std::string& shown_label(const HeatCell& cell, double text_w) {
  return fit_label(cell.label, text_w).fits || cell.short_label.empty() ? cell.label : cell.short_label;
}

// One text size for the whole map, the one its widest label fits: mixed sizes read as emphasis.
double map_font_px(const Heatmap& map, double text_w) {
  double font_px = 14;
  for (const auto& row : map.cells)
    for (const HeatCell& cell : row)
      if (cell.present) font_px = std::min(font_px, fit_label(shown_label(cell, text_w), text_w).font_px);
  return font_px;
}

std::string cell_svg(const HeatCell& cell, double x, double y, const Grid& g, const ColourRange& range, double font_px) {
  if (!cell.present) {
    return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f4f4f4\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                       c(x), c(y), c(g.cell_w), c(g.cell_h)) +
           text(x + g.cell_w / 2, y + g.cell_h / 2 + 4, "n/a", "text-anchor=\"middle\" fill=\"#999999\"");
  }
  const double text_w = g.cell_w - 2 * k_cell_padding_px;
  const std::string fill = cell.fill.empty() ? range.fill(cell.value) : cell.fill;
  std::string out = fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"><title>{}</title></rect>", c(x),
      c(y), c(g.cell_w), c(g.cell_h), fill, escape(cell.tooltip));
  const CellLabel fitted = fit_label(shown_label(cell, text_w), text_w, font_px);
  const std::string attrs = fmt::format("text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\"", c(fitted.font_px),
                                        is_dark(fill) ? "#ffffff" : k_text);
  const double line_px = fitted.font_px * 1.15;
  const double first_y = y + g.cell_h / 2 + fitted.font_px * 0.35 - line_px * static_cast<double>(fitted.lines.size() - 1) / 2;
  for (std::size_t i = 0; i < fitted.lines.size(); ++i)
    out += text(x + g.cell_w / 2, first_y + line_px * static_cast<double>(i), fitted.lines[i], attrs);
  return out;
}

// Categorical swatches, or a colour bar from lo to hi.
std::string legend(const Heatmap& map, const Grid& g, const ColourRange& range) {
  std::string out;
  const double ly = g.y1 + 54;
  if (!map.legend.empty()) {
    double lx = g.x0;
    for (const auto& [colour, label] : map.legend) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/>", c(lx), c(ly), colour);
      out += text(lx + 20, ly + 12, label);
      lx += 36 + 7.0 * static_cast<double>(label.size());
    }
  } else if (range.any) {
    const int steps = 24;
    const double bar_w = 240, bx = g.x1 - bar_w - 40;
    out += text(bx - 8, ly + 12, short_number(range.lo) + map.scale_suffix, "text-anchor=\"end\"");
    for (int i = 0; i < steps; ++i)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"{}\"/>", c(bx + bar_w * i / steps), c(ly),
                         c(bar_w / steps + 0.5), green(static_cast<double>(i) / (steps - 1)));
    out += text(bx + bar_w + 8, ly + 12, short_number(range.hi) + map.scale_suffix);
    out += text(g.x0, ly + 12, "colour: log scale", "fill=\"#666666\"");
  }
  return out;
}

}  // namespace

double label_width_px(const std::string& label, double font_px) {
  // Per-glyph advances of DejaVu Sans Bold, the widest of the fonts a browser substitutes for
  // Helvetica (Linux has no Helvetica): an estimate that errs wide, so a label it fits does fit.
  double em = 0;
  for (unsigned char ch : label) {
    if (ch == ' ') em += 0.35;
    else if (ch == '.' || ch == ',' || ch == ':') em += 0.38;
    else if (ch == '%' || ch == 'm' || ch == 'w' || ch == 'M' || ch == 'W') em += 1.05;
    else if (std::isdigit(ch)) em += 0.70;
    else if (std::isupper(ch)) em += 0.80;
    else em += 0.70;
  }
  return em * font_px;
}

CellLabel fit_label(const std::string& label, double width_px, double max_font_px) {
  // The largest size that fits on one line, else two lines split at the middle-most space, else
  // the smallest size (a cell too narrow for any size still gets its text, clipped by the next).
  constexpr std::array<double, 6> sizes{14, 13, 12, 11, 10, 9};
  for (double px : sizes)
    if (px <= max_font_px && label_width_px(label, px) <= width_px) return {px, {label}};
  std::size_t split = std::string::npos;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (label[i] != ' ') continue;
    const auto off = [&](std::size_t at) { return at > label.size() / 2 ? at - label.size() / 2 : label.size() / 2 - at; };
    if (split == std::string::npos || off(i) < off(split)) split = i;
  }
  if (split != std::string::npos) {
    const std::string a = label.substr(0, split), b = label.substr(split + 1);
    for (double px : sizes)
      if (px <= max_font_px && std::max(label_width_px(a, px), label_width_px(b, px)) <= width_px) return {px, {a, b}};
  }
  return {sizes.back(), {label}, false};
}

std::string heatmap(const Heatmap& map) {
  const int w = map.width;
  Grid g{92, w - 20.0, 40, 0, 0, 46};
  g.cell_w = (g.x1 - g.x0) / static_cast<double>(std::max<std::size_t>(1, map.columns.size()));
  g.y1 = g.y0 + g.cell_h * static_cast<double>(map.rows.size());
  const int h = static_cast<int>(g.y1 + 82);
  std::string out = svg_open(w, h, map.title);
  out += chart_title(w, map.title);
  const ColourRange range = colour_range(map);
  const double font_px = map_font_px(map, g.cell_w - 2 * k_cell_padding_px);
  for (std::size_t r = 0; r < map.rows.size(); ++r) {
    const double y = g.y0 + g.cell_h * static_cast<double>(r);
    out += text(g.x0 - 8, y + g.cell_h / 2 + 4, map.rows[r], "text-anchor=\"end\"");
    for (std::size_t col = 0; col < map.columns.size(); ++col) {
      const HeatCell cell = r < map.cells.size() && col < map.cells[r].size() ? map.cells[r][col] : HeatCell{};
      out += cell_svg(cell, g.x0 + g.cell_w * static_cast<double>(col), y, g, range, font_px);
    }
  }
  for (std::size_t col = 0; col < map.columns.size(); ++col)
    out += text(g.x0 + g.cell_w * (static_cast<double>(col) + 0.5), g.y1 + 17, map.columns[col], "text-anchor=\"middle\"");
  out += text((g.x0 + g.x1) / 2, g.y1 + 36, map.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  out += y_axis_label((g.y0 + g.y1) / 2, map.y_label);
  out += legend(map, g, range);
  return out + "\n</svg>\n";
}

}  // namespace anesim::svg
