#pragma once
// The one set of colours and the one batch-axis orientation of every anesim chart: the HTML
// report's SVG (reports/html_report.cpp) and the Python plots (python/anesim/plot.py, which reads
// these through the _anesim module) draw the same regime, layout and series in the same colour,
// so a figure from one reads like a figure from the other.
#include <array>
#include <string_view>

#include "sim/timing/regime.hpp"

namespace anesim::palette {

// Categorical series colours (lines per batch, bars per extra series), in order of use.
inline constexpr std::array<std::string_view, 8> k_series{"#1f77b4", "#2ca02c", "#9467bd", "#8c564b",
                                                          "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};

// What limits a run: red for compute, blue for bandwidth, amber for overhead.
[[nodiscard]] constexpr std::string_view regime_colour(Regime r) {
  switch (r) {
    case Regime::compute: return "#d1495b";
    case Regime::bandwidth: return "#3a8fc4";
    case Regime::overhead: return "#f0b33f";
  }
  return "#999999";
}

// The two layouts: baseline orange, ANE blue; the light shade marks a run in a lower power state.
inline constexpr std::string_view k_baseline = "#e07b39";
inline constexpr std::string_view k_baseline_light = "#f3bd96";
inline constexpr std::string_view k_ane = "#2f6db5";
inline constexpr std::string_view k_ane_light = "#93b6e3";
// By layout name; a layout not listed takes a series colour by its place in the report.
struct LayoutColours {
  std::string_view layout, colour, light;
};
inline constexpr std::array<LayoutColours, 2> k_layout_colours{
    {{"baseline", k_baseline, k_baseline_light}, {"ane", k_ane, k_ane_light}}};

// Heatmaps over (sequence length, batch) put sequence length on x, left to right ascending, and
// batch on y with the smallest batch in the top row, as the Markdown report's tables list them.
inline constexpr std::string_view k_batch_axis = "smallest batch at the top";

}  // namespace anesim::palette
