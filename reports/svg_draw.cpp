#include "reports/svg_draw.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "reports/svg_chart.hpp"

namespace anesim::svg {

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

namespace draw {

namespace {

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

}  // namespace

std::string c(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s == "-0.0") s = "0.0";
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string text(double x, double y, const std::string& content, const std::string& attrs) {
  return fmt::format("<text x=\"{}\" y=\"{}\" {}>{}</text>\n", c(x), c(y), attrs, escape(content));
}

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

bool is_dark(const std::string& hex) {
  const Rgb c = parse_hex(hex);
  return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 140;
}

std::string green(double t) {
  static const std::array<const char*, 5> stops = {"#f2faf0", "#c7e9c0", "#74c476", "#238b45", "#00441b"};
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - static_cast<double>(i);
  const Rgb a = parse_hex(stops[i]);
  const Rgb b = parse_hex(stops[i + 1]);
  return to_hex({a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f});
}

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

std::string y_axis_label(double y_mid, const std::string& label) {
  return fmt::format("<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{}</text>\n", c(y_mid),
                     escape(label));
}

std::string line(double x1, double y1, double x2, double y2, const char* stroke) {
  return fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>", c(x1), c(y1), c(x2), c(y2), stroke);
}

}  // namespace draw

}  // namespace anesim::svg
