#pragma once
// Pieces the report.html sections share (reports/html_*.cpp): panel widths, notes, rows of
// panels, layout colours and the few number formats every section writes alike.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "sim/timing/regime.hpp"

namespace anesim::html {

inline constexpr int k_full_px = 1212;   // one panel across a 1280 px window
inline constexpr int k_half_px = 597;    // two side by side
inline constexpr int k_third_px = 392;   // three side by side (16 px gaps)

// A page's head and the opening of its body, up to <main>: one stylesheet for every anesim page,
// with `extra_style` (CSS rules a page alone needs) after it.
void page_start(std::ostream& out, const std::string& title, const char* extra_style = "");

[[nodiscard]] std::string note(const std::string& text);
[[nodiscard]] std::string panel_row(const std::vector<std::string>& charts);
// The layout's palette colour; `light` for a run in a lower power state than the first.
[[nodiscard]] std::string layout_colour(const std::string& layout, std::size_t index, bool light = false);

[[nodiscard]] inline double to_ms(double seconds) { return seconds * 1e3; }
[[nodiscard]] inline double to_mb(double bytes) { return bytes / 1e6; }
// "2.79x", "11.6x": two decimals below ten.
[[nodiscard]] std::string ratio_label(double ratio);
// "compute", "bandwidth", "overhead": a card's or a cell's short word for the regime.
[[nodiscard]] std::string short_regime(Regime regime);

}  // namespace anesim::html
