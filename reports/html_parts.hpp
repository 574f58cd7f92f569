#pragma once
// Pieces the report.html sections share (reports/html_report.cpp, reports/html_comparison.cpp):
// panel widths, notes, rows of panels, layout order and colours.
#include <set>
#include <string>
#include <vector>

namespace anesim::html {

inline constexpr int k_full_px = 1212;   // one panel across a 1280 px window
inline constexpr int k_half_px = 597;    // two side by side
inline constexpr int k_third_px = 392;   // three side by side (16 px gaps)

[[nodiscard]] std::string note(const std::string& text);
[[nodiscard]] std::string panel_row(const std::vector<std::string>& charts);
// baseline, ane, then any other layout by name.
[[nodiscard]] std::vector<std::string> ordered_layouts(const std::set<std::string>& present);
// The layout's palette colour; `light` for a run in a lower power state than the first.
[[nodiscard]] std::string layout_colour(const std::string& layout, std::size_t index, bool light = false);

}  // namespace anesim::html
