#include "reports/html_parts.hpp"

#include <fmt/format.h>

#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"

namespace anesim::html {

namespace {

constexpr const char* k_page_style = R"(
body { font-family: Helvetica, Arial, sans-serif; color: #222; background: #f6f7f9; margin: 0; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 12px 40px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #d8dce3; }
h3 { font-size: 16px; margin: 18px 0 8px; color: #333; }
.subtitle { color: #555; margin: 0 0 14px; }
.row { display: flex; flex-wrap: wrap; gap: 16px; margin: 8px 0; }
svg.chart { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; max-width: 100%; height: auto; }
.note { color: #666; font-size: 13px; margin: 4px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 10px 0 6px; }
.card { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 10px 16px; min-width: 200px; }
.card .value { font-size: 24px; font-weight: bold; color: #1d4f91; }
.card .label { font-size: 12px; color: #555; margin-top: 2px; }
footer { color: #888; font-size: 12px; margin-top: 30px; }
)";

}  // namespace

void page_start(std::ostream& out, const std::string& title, const char* extra_style) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << svg::escape(title) << "</title>\n<style>" << k_page_style << extra_style << "</style>\n</head>\n<body>\n<main>\n";
}


std::string note(const std::string& text) { return "<p class=\"note\">" + svg::escape(text) + "</p>\n"; }

std::string panel_row(const std::vector<std::string>& charts) {
  std::string out = "<div class=\"row\">\n";
  for (const std::string& c : charts) out += c;
  return out + "</div>\n";
}

std::string layout_colour(const std::string& layout, std::size_t index, bool light) {
  for (const palette::LayoutColours& c : palette::k_layout_colours)
    if (layout == c.layout) return std::string(light ? c.light : c.colour);
  return std::string(palette::k_series[(index + 2) % palette::k_series.size()]);
}

std::string ratio_label(double ratio) { return ratio < 10 ? fmt::format("{:.2f}x", ratio) : fmt::format("{:.1f}x", ratio); }

std::string short_regime(Regime regime) {
  switch (regime) {
    case Regime::compute: return "compute";
    case Regime::bandwidth: return "bandwidth";
    case Regime::overhead: return "overhead";
  }
  return "?";
}

}  // namespace anesim::html
