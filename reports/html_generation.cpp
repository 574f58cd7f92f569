#include "reports/html_generation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"
#include "reports/svg_draw.hpp"
#include "reports/units.hpp"

namespace anesim {

namespace {

namespace draw = svg::draw;

struct Frame {
  double left = 64, right = 16, top = 36, bottom = 44;
  double x_lo = 0, x_hi = 1, y_hi = 1;
  int width = 0, height = 0;
  [[nodiscard]] double x(double v) const { return left + (v - x_lo) / (x_hi - x_lo) * (width - left - right); }
  [[nodiscard]] double y(double v) const { return height - bottom - v / y_hi * (height - top - bottom); }
};

std::string axes(const Frame& f) {
  std::string s;
  for (const double t : draw::linear_ticks(f.y_hi)) {
    s += draw::line(f.left, f.y(t), f.width - f.right, f.y(t), draw::k_grid);
    s += draw::text(f.left - 6, f.y(t) + 4, svg::short_number(t), "text-anchor=\"end\" font-size=\"11\"");
  }
  for (int i = 0; i <= 4; ++i) {
    const double v = f.x_lo + (f.x_hi - f.x_lo) * i / 4;
    s += draw::text(f.x(v), f.height - f.bottom + 16, fmt::format("{:.0f}", v), "text-anchor=\"middle\" font-size=\"11\"");
  }
  s += draw::line(f.left, f.y(0), f.width - f.right, f.y(0), draw::k_axis);
  s += draw::text(f.width / 2.0, f.height - 8, "tokens in the KV cache", "text-anchor=\"middle\" font-size=\"12\"");
  s += draw::y_axis_label((f.top + f.height - f.bottom) / 2, "latency per token (ms)");
  return s;
}

// The decode steps as segments coloured by their regime, the engine's part as a grey line.
std::string steps(const Frame& f, const std::vector<TokenStep>& tokens) {
  std::string engine, total;
  for (std::size_t i = 2; i < tokens.size(); ++i) {
    const TokenStep &a = tokens[i - 1], &b = tokens[i];
    const std::string colour(palette::regime_colour(b.regime));
    total += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>", draw::c(f.x(a.kv_len)),
                         draw::c(f.y(a.latency_s * 1e3)), draw::c(f.x(b.kv_len)), draw::c(f.y(b.latency_s * 1e3)), colour);
    engine += fmt::format("{}{},{}", engine.empty() ? "" : " ", draw::c(f.x(b.kv_len)), draw::c(f.y(b.engine_s * 1e3)));
  }
  return fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>", engine) + total;
}

}  // namespace

std::string generation_chart(const GenerationResult& g, int width, int height) {
  Frame f;
  f.width = width;
  f.height = height;
  const std::string title = fmt::format("{} on {}: per-token latency, KV cache {}", g.model, g.chip, kv_cache_name(g.kv_cache));
  std::string s = draw::svg_open(width, height, title) + draw::chart_title(width, title);
  if (g.tokens.size() < 3) return s + draw::text(width / 2.0, height / 2.0, "fewer than two decode steps", "text-anchor=\"middle\"") + "</svg>";
  f.x_lo = static_cast<double>(g.tokens[1].kv_len);
  f.x_hi = std::max(f.x_lo + 1, static_cast<double>(g.tokens.back().kv_len));
  for (std::size_t i = 1; i < g.tokens.size(); ++i) f.y_hi = std::max(f.y_hi, g.tokens[i].latency_s * 1e3);
  f.y_hi = draw::linear_ticks(f.y_hi).back();
  s += axes(f) + steps(f, g.tokens);
  return s + "</svg>";
}

void write_generation_html(std::ostream& out, const GenerationResult& g) {
  const GenerationSummary& s = g.summary;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
      << svg::escape(fmt::format("anesim generate: {} on {}", g.model, g.chip)) << "</title></head>\n"
      << "<body style=\"font-family: Helvetica, Arial, sans-serif; max-width: 760px; margin: 24px auto\">\n";
  out << "<h1>" << svg::escape(fmt::format("{} on {}", g.model, g.chip)) << "</h1>\n<p>"
      << svg::escape(fmt::format("{} layout, {} weights, batch {}: a {}-token prompt and {} new tokens, KV cache {}{}", g.layout,
                                 g.weights, g.batch, g.prompt, g.new_tokens, kv_cache_name(g.kv_cache),
                                 g.chunks > 1 ? fmt::format(", {} chunks", g.chunks) : ""))
      << "</p>\n<table>\n";
  const auto row = [&](const std::string& k, const std::string& v) {
    out << "<tr><td>" << svg::escape(k) << "</td><td style=\"text-align:right\">" << svg::escape(v) << "</td></tr>\n";
  };
  row("time to first token", format_seconds(s.ttft_s));
  row("decode tokens/s", fmt::format("{:.1f}", s.decode_tokens_per_s));
  row("total", format_seconds(s.total_s));
  row("energy per token", fmt::format("{:.3g} mJ", s.energy_per_token_j * 1e3));
  row("app-boundary copies", format_seconds(s.io_s));
  row("peak memory", format_bytes(static_cast<double>(s.peak_memory_bytes)));
  row("fits on device", s.fits ? "yes" : "no: " + s.fit_reason);
  out << "</table>\n" << generation_chart(g) << "\n<p>Solid: a token's latency, coloured by its regime (";
  for (const Regime r : {Regime::compute, Regime::bandwidth, Regime::overhead}) {
    out << "<span style=\"color:" << palette::regime_colour(r) << "\">" << regime_name(r) << "</span>" << (r == Regime::overhead ? "" : ", ");
  }
  out << "); dashed: the engine's part (the rest is app-boundary copies and chunk launches).</p>\n</body></html>\n";
}

}  // namespace anesim
