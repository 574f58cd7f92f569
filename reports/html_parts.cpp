#include "reports/html_parts.hpp"

#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"

namespace anesim::html {

std::string note(const std::string& text) { return "<p class=\"note\">" + svg::escape(text) + "</p>\n"; }

std::string panel_row(const std::vector<std::string>& charts) {
  std::string out = "<div class=\"row\">\n";
  for (const std::string& c : charts) out += c;
  return out + "</div>\n";
}

std::vector<std::string> ordered_layouts(const std::set<std::string>& present) {
  std::vector<std::string> out;
  for (const char* known : {"baseline", "ane"})
    if (present.count(known) != 0) out.emplace_back(known);
  for (const std::string& l : present)
    if (l != "baseline" && l != "ane") out.push_back(l);
  return out;
}

std::string layout_colour(const std::string& layout, std::size_t index, bool light) {
  if (layout == "baseline") return std::string(light ? palette::k_baseline_light : palette::k_baseline);
  if (layout == "ane") return std::string(light ? palette::k_ane_light : palette::k_ane);
  return std::string(palette::k_series[(index + 2) % palette::k_series.size()]);
}

}  // namespace anesim::html
