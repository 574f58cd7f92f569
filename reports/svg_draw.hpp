#pragma once
// The drawing primitives the SVG charts share (svg_line_chart.cpp, svg_heatmap.cpp,
// svg_bar_chart.cpp): coordinates written with stable bytes, text, markers, colours and ticks.
// Internal to reports/: writers use svg_chart.hpp.
#include <string>
#include <vector>

namespace anesim::svg::draw {

inline constexpr const char* k_font = "font-family=\"Helvetica, Arial, sans-serif\"";
inline constexpr const char* k_axis = "#555555";
inline constexpr const char* k_grid = "#e4e4e4";
inline constexpr const char* k_text = "#222222";

// Coordinates with one decimal: enough for a screen, stable bytes.
[[nodiscard]] std::string c(double v);
[[nodiscard]] std::string text(double x, double y, const std::string& content, const std::string& attrs = "");
// A hollow diamond of half-width r at (x, y): a measured point, told apart from a predicted one.
[[nodiscard]] std::string diamond(double x, double y, double r, const std::string& color, const std::string& tooltip);
// The <svg> opening with its white background; the caller closes it.
[[nodiscard]] std::string svg_open(int width, int height, const std::string& title);
[[nodiscard]] std::string chart_title(int width, const std::string& title);
// A y-axis label, rotated, centred on y_mid.
[[nodiscard]] std::string y_axis_label(double y_mid, const std::string& label);
[[nodiscard]] std::string line(double x1, double y1, double x2, double y2, const char* stroke);
// Whether white text reads better than dark text on this #rrggbb fill.
[[nodiscard]] bool is_dark(const std::string& hex);
// A sequential green scale (light to dark), t in [0, 1].
[[nodiscard]] std::string green(double t);
// Ticks on a log axis over [lo, hi]: the coarsest mantissa set giving at least 3, else a linear
// "nice" step.
[[nodiscard]] std::vector<double> log_ticks(double lo, double hi);
// Linear ticks from 0 to at least hi; the last one is the axis end.
[[nodiscard]] std::vector<double> linear_ticks(double hi);

}  // namespace anesim::svg::draw
