#pragma once
// Small inline-SVG charts for the HTML report: log-log line charts, labelled heatmaps and
// horizontal (grouped) bar charts. Each returns one <svg> element as text, with no xmlns (it is
// inlined into HTML5), no scripts and no external references. Numbers are written with fixed
// precision, so the same chart gives the same bytes.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anesim::svg {

// Text escaped for HTML/SVG content and attribute values.
[[nodiscard]] std::string escape(const std::string& text);
// A number with 3 significant digits, no exponent for the ranges reports use ("3.44", "1280").
[[nodiscard]] std::string short_number(double v);

struct Series {
  std::string name;
  std::string color;
  std::vector<std::pair<double, double>> points;  // (x, y), both > 0 on log axes
  bool measured = false;  // device measurements: hollow diamonds, no line
};

struct LineChart {
  std::string title;
  std::string x_label;  // with its unit: "sequence length (tokens)"
  std::string y_label;  // "latency (ms)"
  std::string y_unit;   // appended in point tooltips: "ms"
  std::vector<Series> series;
  std::optional<std::pair<double, double>> y_range;  // shared between side-by-side panels
  int width = 600;
  int height = 380;
};
// Log-log axes; x ticks at the x values the series use, y ticks at 1-2-5 (or finer) steps.
[[nodiscard]] std::string line_chart(const LineChart& chart);
// The [min, max] of the y values of several charts' series, for a shared y range.
[[nodiscard]] std::optional<std::pair<double, double>> y_extent(const std::vector<const LineChart*>& charts);

struct HeatCell {
  bool present = false;
  double value = 0;        // positions the colour (on the scale's log axis)
  std::string label;       // written in the cell
  std::string short_label; // written instead when `label` cannot fit the cell ("77%" for "compute 77%")
  std::string fill;        // overrides the scale when set (categorical maps)
  std::string tooltip;
};

struct Heatmap {
  std::string title;
  std::string x_label;  // columns
  std::string y_label;  // rows
  std::vector<std::string> columns;
  std::vector<std::string> rows;                // drawn top to bottom
  std::vector<std::vector<HeatCell>> cells;     // [row][column]
  std::vector<std::pair<std::string, std::string>> legend;  // (colour, text) for categorical maps
  std::string scale_suffix = "x";  // after the colour bar's end values
  int width = 600;
};
// A heatmap cell's text as drawn: the largest font size (max_font_px down to 9) at which it fits
// the cell's width on one line, else on two lines split at a space; a grid of many sequence
// lengths in a half-width panel must not run one cell's text into the next. A heatmap draws all
// its cells at the smallest size any of them needs.
struct CellLabel {
  double font_px = 14;
  std::vector<std::string> lines;
  bool fits = true;  // false: even two lines at 9 px are too wide (the text is drawn anyway)
};
[[nodiscard]] CellLabel fit_label(const std::string& label, double width_px, double max_font_px = 14);
// A conservative width estimate of bold Helvetica text, in px.
[[nodiscard]] double label_width_px(const std::string& label, double font_px);

// Cells without a fill take a colour from a sequential green scale, log-spaced over the values
// present (1x and below light, the largest value dark), with a colour-bar legend.
[[nodiscard]] std::string heatmap(const Heatmap& map);

struct BarGroup {
  std::string label;              // the row label at the left
  std::vector<double> values;     // one per series; negative = absent
  std::vector<std::string> value_labels;
};

struct BarChart {
  std::string title;
  std::string x_label;  // "time (ms)"
  std::vector<std::pair<std::string, std::string>> series;  // (name, colour)
  std::vector<BarGroup> groups;
  std::optional<double> x_max;  // shared between side-by-side panels
  int width = 600;
  int label_width = 150;
};
// Horizontal bars, one row per group, one bar per series within it, value written at the end.
[[nodiscard]] std::string bar_chart(const BarChart& chart);

}  // namespace anesim::svg
