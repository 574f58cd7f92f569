#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "reports/svg_chart.hpp"
#include "reports/svg_draw.hpp"

namespace anesim::svg {

using namespace draw;

namespace {

// The plot area and its log-log mapping from data to pixels.
struct LogFrame {
  double x0, x1, y0, y1;
  double xlo, xhi, ylo, yhi;
  [[nodiscard]] double xpos(double x) const { return x0 + (std::log(x) - std::log(xlo)) / (std::log(xhi) - std::log(xlo)) * (x1 - x0); }
  [[nodiscard]] double ypos(double y) const { return y1 - (std::log(y) - std::log(ylo)) / (std::log(yhi) - std::log(ylo)) * (y1 - y0); }
};

// One row under the title; every measured series shares one entry, their colour says the rest.
std::string legend(const LineChart& chart, double x0) {
  std::string out;
  double lx = x0;
  bool measured_listed = false;
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
  return out;
}

std::string grid(const LineChart& chart, const LogFrame& f, const std::set<double>& xs) {
  std::string out;
  for (double t : log_ticks(f.ylo, f.yhi)) {
    const double y = f.ypos(t);
    out += line(f.x0, y, f.x1, y, k_grid);
    out += text(f.x0 - 6, y + 4, short_number(t), "text-anchor=\"end\"");
  }
  for (double t : xs) {
    const double x = f.xpos(t);
    out += line(x, f.y0, x, f.y1, k_grid);
    out += text(x, f.y1 + 17, short_number(t), "text-anchor=\"middle\"");
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>\n", c(f.x0), c(f.y0),
                     c(f.x1 - f.x0), c(f.y1 - f.y0), k_axis);
  out += text((f.x0 + f.x1) / 2, chart.height - 12, chart.x_label, "text-anchor=\"middle\" font-size=\"13\"");
  out += y_axis_label((f.y0 + f.y1) / 2, chart.y_label);
  return out;
}

// Predicted series are lines through dots; measured ones hollow diamonds without a line.
std::string series(const LineChart& chart, const Series& s, const LogFrame& f) {
  std::string out;
  auto pts = s.points;
  std::sort(pts.begin(), pts.end());
  if (s.measured) {
    for (const auto& [x, y] : pts) {
      if (!(x > 0 && y > 0)) continue;
      out += diamond(f.xpos(x), f.ypos(y), 6, s.color,
                     fmt::format("{}, x {}: {} {}", s.name, short_number(x), short_number(y), chart.y_unit)) + "\n";
    }
    return out;
  }
  std::string poly;
  for (const auto& [x, y] : pts) {
    if (!(x > 0 && y > 0)) continue;
    if (!poly.empty()) poly += ' ';
    poly += c(f.xpos(x)) + "," + c(f.ypos(y));
  }
  out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n", poly,
                     s.color);
  for (const auto& [x, y] : pts) {
    if (!(x > 0 && y > 0)) continue;
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}, x {}: {} {}</title></circle>\n",
                       c(f.xpos(x)), c(f.ypos(y)), s.color, escape(s.name), short_number(x), short_number(y), escape(chart.y_unit));
  }
  return out;
}

}  // namespace

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
  LogFrame f{72, w - 22.0, 62, h - 52.0, *xs.begin() / 1.25, *xs.rbegin() * 1.25, extent->first / 1.15, extent->second * 1.15};
  if (xs.size() == 1) f.xlo /= 2, f.xhi *= 2;
  out += legend(chart, f.x0);
  out += grid(chart, f, xs);
  for (const Series& s : chart.series) out += series(chart, s, f);
  return out + "</svg>\n";
}

}  // namespace anesim::svg
