#include "reports/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>

#include <fmt/format.h>

namespace anesim::svg {

namespace {

constexpr const char* k_font = "font-family=\"Helvetica, Arial, sans-serif\"";
constexpr const char* k_axis = "#555555";
constexpr const char* k_grid = "#e4e4e4";
constexpr const char* k_text = "#222222";
constexpr double k_cell_padding_px = 4;  // free space either side of a heatmap cell's text

// Coordinates with one decimal: enough for a screen, stable bytes.
std::string c(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s == "-0.0") s = "0.0";
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string text(double x, double y, const std::string& content, const std::string& attrs = "") {
  return fmt::format("<text x=\"{}\" y=\"{}\" {}>{}</text>\n", c(x), c(y), attrs, escape(content));
}

// A hollow diamond of half-width r at (x, y): a measured point, told apart from a predicted one.
std::string diamond(double x, double y, double r, const std::string& color, const std::string& tooltip) {
  std::string shape = fmt::format("<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\">",
                                  c(x), c(y - r), c(x + r), c(y), c(x), c(y + r), c(x - r), c(y), color);
  if (!tooltip.empty()) shape += "<title>" + escape(tooltip) + "</title>";
  return shape + "</polygon>";
}

std::string svg_open(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" {2} "
      "font-size=\"12\" fill=\"{3}\">\n<title>{4}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      width, height, k_font, k_text, escape(title));
}

std::string chart_title(int width, const std::string& title) {
  return text(width / 2.0, 20, title, "text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\"");
}

struct Rgb {
  double r = 0, g = 0, b = 0;
};

Rgb parse_hex(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {255, 255, 255};
  auto h = [&](std::size_t i) { return static_cast<double>(std::stoi(hex.substr(i, 2), nullptr, 16)); };
  return {h(1), h(3), h(5)};
}

std::string to_hex(const Rgb& rgb) {
  auto q = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  return fmt::format("#{:02x}{:02x}{:02x}", q(rgb.r), q(rgb.g), q(rgb.b));
}

bool is_dark(const std::string& hex) {
  const Rgb c = parse_hex(hex);
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 140;
}

// A sequential green scale (light to dark), t in [0, 1].
std::string green(double t) {
  static const std::array<const char*, 5> stops = {"#f2faf0", "#c7e9c0", "#74c476", "#238b45", "#00441b"};
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - static_cast<double>(i);
  const Rgb a = parse_hex(stops[i]);
  const Rgb b = parse_hex(stops[i + 1]);
  return to_hex({a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f});
}

// Ticks on a log axis over [lo, hi]: the coarsest mantissa set giving at least 3, else a linear
// "nice" step.
std::vector<double> log_ticks(double lo, double hi) {
  static const std::vector<std::vector<double>> sets = {
      {1}, {1, 3}, {1, 2, 5}, {1, 1.5, 2, 3, 5, 7}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}};
  for (const auto& mantissas : sets) {
    std::vector<double> ticks;
    for (int k = static_cast<int>(std::floor(std::log10(lo))) - 1; k <= static_cast<int>(std::ceil(std::log10(hi))); ++k) {
      for (double m : mantissas) {
        const double t = m * std::pow(10.0, k);
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push_back(t);
      }
    }
    if (ticks.size() >= 3) return ticks;
  }
  const double raw = (hi - lo) / 4;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi * (1 + 1e-9); t += step) ticks.push_back(t);
  return ticks;
}

// Linear ticks from 0 to at least hi; returns the ticks, the last one being the axis end.
std::vector<double> linear_ticks(double hi) {
  if (hi <= 0) hi = 1;
  const double raw = hi / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  }
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    ticks.push_back(step * i);
    if (step * i >= hi * (1 - 1e-9)) break;
  }
  return ticks;
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

std::string escape(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  for (char ch : in) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

std::string short_number(double v) {
  if (v == 0 || !std::isfinite(v)) return "0";
  const int digits = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  std::string s = fmt::format("{:.{}f}", v, digits);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::optional<std::pair<double, double>> y_extent(const std::vector<const LineChart*>& charts) {
  std::optional<std::pair<double, double>> out;
  for (const LineChart* chart : charts) {
    for (const Series& s : chart->series) {
      for (const auto& [x, y] : s.points) {
        if (!(y > 0)) continue;
        if (!out) out = std::make_pair(y, y);
        out->first = std::min(out->first, y);
        out->second = std::max(out->second, y);
      }
    }
  }
  return out;
}

std::string line_chart(const LineChart& chart) {
  const int w = chart.width;
  const int h = chart.height;
  const double x0 = 72, x1 = w - 22, y0 = 62, y1 = h - 52;
  std::set<double> xs;
  for (const Series& s : chart.series)
    for (const auto& p : s.points)
      if (p.first > 0) xs.insert(p.first);
  std::string out = svg_open(w, h, chart.title);
  out += chart_title(w, chart.title);
  const auto extent = chart.y_range ? chart.y_range : y_extent({&chart});
  if (xs.empty() || !extent) {
    out += text(w / 2.0, h / 2.0, "no data", "text-anchor=\"middle\"");
    return out + "</svg>\n";
  }
  double xlo = *xs.begin() / 1.25, xhi = *xs.rbegin() * 1.25;
  if (xs.size() == 1) xlo /= 2, xhi *= 2;
  double ylo = extent->first / 1.15, yhi = extent->second * 1.15;
  const auto xpos = [&](double x) { return x0 + (std::log(x) - std::log(xlo)) / (std::log(xhi) - std::log(xlo)) * (x1 - x0); };
  const auto ypos = [&](double y) { return y1 - (std::log(y) - std::log(ylo)) / (std::log(yhi) - std::log(ylo)) * (y1 - y0); };

  // Legend, one row under the title.
  {
    double lx = x0;
    bool measured_listed = false;  // one legend entry for every measured series: the colour says the rest
    for (const Series& s : chart.series) {
      if (s.measured) {
        if (measured_listed) continue;
        measured_listed = true;
        out += diamond(lx + 9, 41, 5, "#555555", "") + "\n";
        out += text(lx + 23, 45, "measured");
        lx += 36 + 7.0 * 8;
        continue;
      }
      out += fmt::format("<line x1=\"{}\" y1=\"41\" x2=\"{}\" y2=\"41\" stroke=\"{}\" stroke-width=\"3\"/>", c(lx), c(lx + 18), s.color);
      out += fmt::format("<circle cx=\"{}\" cy=\"41\" r=\"3.5\" fill=\"{}\"/>\n", c(lx + 9), s.color);
      out += text(lx + 23, 45, s.name);
      lx += 36 + 7.0 * static_cast<double>(s.name.size());
    }
  }
  // Grid and ticks.
  for (double t : log_ticks(ylo, yhi)) {
    const double y = ypos(t);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>", c(x0), c(y), c(x1), c(y), k_grid);
    out += text(x0 - 6, y + 4, short_number(t), "text-anchor=\"end\"");
  }
  for (double t : xs) {
    const double x = xpos(t);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>", c(x), c(y0), c(x), c(y1), k_grid);
    out += text(x, y1 + 17, short_number(t), "text-anchor=\"middle\"");
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>\n", c(x0), c(y0), c(x1 - x0),
                     c(y1 - y0), k_axis);
  out += text((x0 + x1) / 2, h - 12, chart.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  out += fmt::format("<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{}</text>\n",
                     c((y0 + y1) / 2), escape(chart.y_label));
  // Series.
  for (const Series& s : chart.series) {
    auto pts = s.points;
    std::sort(pts.begin(), pts.end());
    if (s.measured) {
      for (const auto& [x, y] : pts) {
        if (!(x > 0 && y > 0)) continue;
        out += diamond(xpos(x), ypos(y), 6, s.color,
                       fmt::format("{}, x {}: {} {}", s.name, short_number(x), short_number(y), chart.y_unit)) + "\n";
      }
      continue;
    }
    std::string poly;
    for (const auto& [x, y] : pts) {
      if (!(x > 0 && y > 0)) continue;
      if (!poly.empty()) poly += ' ';
      poly += c(xpos(x)) + "," + c(ypos(y));
    }
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n", poly,
                       s.color);
    for (const auto& [x, y] : pts) {
      if (!(x > 0 && y > 0)) continue;
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}, x {}: {} {}</title></circle>\n",
                         c(xpos(x)), c(ypos(y)), s.color, escape(s.name), short_number(x), short_number(y), escape(chart.y_unit));
    }
  }
  return out + "</svg>\n";
}

std::string heatmap(const Heatmap& map) {
  const int w = map.width;
  const double x0 = 92, x1 = w - 20, y0 = 40, cell_h = 46;
  const auto ncol = static_cast<double>(std::max<std::size_t>(1, map.columns.size()));
  const double cell_w = (x1 - x0) / ncol;
  const double y1 = y0 + cell_h * static_cast<double>(map.rows.size());
  const int h = static_cast<int>(y1 + 82);
  std::string out = svg_open(w, h, map.title);
  out += chart_title(w, map.title);

  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& row : map.cells)
    for (const HeatCell& cell : row)
      if (cell.present && cell.fill.empty() && cell.value > 0) {
        lo = any ? std::min(lo, cell.value) : cell.value;
        hi = any ? std::max(hi, cell.value) : cell.value;
        any = true;
      }
  lo = std::min(lo, 1.0);
  const auto scale = [&](double v) {
    if (!(hi > lo) || v <= 0) return green(0.5);
    return green((std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)));
  };

  // One text size for the whole map, the one its widest label fits: mixed sizes read as emphasis.
  // A label that fits nowhere gives way to the cell's short label.
  const double text_w = cell_w - 2 * k_cell_padding_px;
  const auto shown_label = [&](const HeatCell& cell) -> const std::string& {
    return fit_label(cell.label, text_w).fits || cell.short_label.empty() ? cell.label : cell.short_label;
  };
  double font_px = 14;
  for (const auto& row : map.cells)
    for (const HeatCell& cell : row)
      if (cell.present) font_px = std::min(font_px, fit_label(shown_label(cell), text_w).font_px);

  for (std::size_t r = 0; r < map.rows.size(); ++r) {
    const double y = y0 + cell_h * static_cast<double>(r);
    out += text(x0 - 8, y + cell_h / 2 + 4, map.rows[r], "text-anchor=\"end\"");
    for (std::size_t col = 0; col < map.columns.size(); ++col) {
      const double x = x0 + cell_w * static_cast<double>(col);
      const HeatCell cell = r < map.cells.size() && col < map.cells[r].size() ? map.cells[r][col] : HeatCell{};
      if (!cell.present) {
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f4f4f4\" stroke=\"#ffffff\" stroke-width=\"2\"/>",
                           c(x), c(y), c(cell_w), c(cell_h));
        out += text(x + cell_w / 2, y + cell_h / 2 + 4, "n/a", "text-anchor=\"middle\" fill=\"#999999\"");
        continue;
      }
      const std::string fill = cell.fill.empty() ? scale(cell.value) : cell.fill;
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"><title>{}</title></rect>",
                         c(x), c(y), c(cell_w), c(cell_h), fill, escape(cell.tooltip));
      const CellLabel fitted = fit_label(shown_label(cell), text_w, font_px);
      const std::string attrs = fmt::format("text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\"",
                                            c(fitted.font_px), is_dark(fill) ? "#ffffff" : k_text);
      const double line_px = fitted.font_px * 1.15;
      const double first_y = y + cell_h / 2 + fitted.font_px * 0.35 - line_px * static_cast<double>(fitted.lines.size() - 1) / 2;
      for (std::size_t i = 0; i < fitted.lines.size(); ++i)
        out += text(x + cell_w / 2, first_y + line_px * static_cast<double>(i), fitted.lines[i], attrs);
    }
  }
  for (std::size_t col = 0; col < map.columns.size(); ++col)
    out += text(x0 + cell_w * (static_cast<double>(col) + 0.5), y1 + 17, map.columns[col], "text-anchor=\"middle\"");
  out += text((x0 + x1) / 2, y1 + 36, map.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  out += fmt::format("<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{}</text>\n",
                     c((y0 + y1) / 2), escape(map.y_label));

  // Legend: categorical swatches, or a colour bar from lo to hi.
  const double ly = y1 + 54;
  if (!map.legend.empty()) {
    double lx = x0;
    for (const auto& [colour, label] : map.legend) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/>", c(lx), c(ly), colour);
      out += text(lx + 20, ly + 12, label);
      lx += 36 + 7.0 * static_cast<double>(label.size());
    }
  } else if (any) {
    const int steps = 24;
    const double bar_w = 240, bx = x1 - bar_w - 40;
    out += text(bx - 8, ly + 12, short_number(lo) + map.scale_suffix, "text-anchor=\"end\"");
    for (int i = 0; i < steps; ++i)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"{}\"/>", c(bx + bar_w * i / steps), c(ly),
                         c(bar_w / steps + 0.5), green(static_cast<double>(i) / (steps - 1)));
    out += text(bx + bar_w + 8, ly + 12, short_number(hi) + map.scale_suffix);
    out += text(x0, ly + 12, "colour: log scale", "fill=\"#666666\"");
  }
  return out + "\n</svg>\n";
}

std::string bar_chart(const BarChart& chart) {
  const int w = chart.width;
  const double bar_h = 15, gap = 10;
  const double x0 = chart.label_width, x1 = w - 64;
  // The legend wraps onto more rows when a narrow panel cannot hold every series on one.
  std::vector<std::pair<double, double>> legend_at;  // (x, y) of each series' swatch
  if (chart.series.size() > 1) {
    const double left = 16;
    double lx = left, ly = 32;
    for (const auto& entry : chart.series) {
      const double entry_w = 36 + 7.0 * static_cast<double>(entry.first.size());
      if (lx > left && lx + entry_w - 16 > w - 8) lx = left, ly += 18;
      legend_at.emplace_back(lx, ly);
      lx += entry_w;
    }
  }
  const double y0 = 58 + (legend_at.empty() ? 0 : legend_at.back().second - 32);
  const auto nseries = static_cast<double>(std::max<std::size_t>(1, chart.series.size()));
  const double group_h = nseries * bar_h + gap;
  const double y1 = y0 + group_h * static_cast<double>(chart.groups.size());
  const int h = static_cast<int>(y1 + 50);
  std::string out = svg_open(w, h, chart.title);
  out += chart_title(w, chart.title);

  double vmax = 0;
  for (const BarGroup& g : chart.groups)
    for (double v : g.values) vmax = std::max(vmax, v);
  if (chart.x_max) vmax = std::max(vmax, *chart.x_max);
  const auto ticks = linear_ticks(vmax);
  const double xend = ticks.back();
  const auto xpos = [&](double v) { return x0 + v / xend * (x1 - x0); };

  for (std::size_t i = 0; i < legend_at.size(); ++i) {
    const auto [lx, ly] = legend_at[i];
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/>", c(lx), c(ly), chart.series[i].second);
    out += text(lx + 20, ly + 12, chart.series[i].first);
  }
  for (double t : ticks) {
    const double x = xpos(t);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>", c(x), c(y0 - 4), c(x), c(y1), k_grid);
    out += text(x, y1 + 16, short_number(t), "text-anchor=\"middle\"");
  }
  for (std::size_t gi = 0; gi < chart.groups.size(); ++gi) {
    const BarGroup& g = chart.groups[gi];
    const double gy = y0 + group_h * static_cast<double>(gi);
    out += text(x0 - 8, gy + nseries * bar_h / 2 + 4, g.label, "text-anchor=\"end\"");
    for (std::size_t si = 0; si < g.values.size() && si < chart.series.size(); ++si) {
      const double v = g.values[si];
      if (v < 0) continue;
      const double y = gy + bar_h * static_cast<double>(si);
      const std::string label = si < g.value_labels.size() ? g.value_labels[si] : short_number(v);
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>", c(x0),
                         c(y + 1), c(std::max(0.5, xpos(v) - x0)), c(bar_h - 2), chart.series[si].second, escape(g.label),
                         escape(chart.series[si].first), escape(label));
      out += text(xpos(v) + 5, y + bar_h - 4, label, "font-size=\"11\"");
    }
  }
  out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>", c(x0), c(y0 - 4), c(x0), c(y1), k_axis);
  out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>\n", c(x0), c(y1), c(x1), c(y1), k_axis);
  out += text((x0 + x1) / 2, y1 + 38, chart.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  return out + "</svg>\n";
}

}  // namespace anesim::svg
