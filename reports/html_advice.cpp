#include "reports/html_advice.hpp"

#include <fmt/format.h>

#include "reports/html_parts.hpp"
#include "reports/svg_chart.hpp"
#include "reports/svg_waterfall.hpp"
#include "reports/units.hpp"

namespace anesim {

namespace {

using svg::escape;

// What the advice page adds to the shared style: its findings table.
constexpr const char* k_table_style = R"(table { border-collapse: collapse; background: #fff; font-size: 13px; }
th, td { border: 1px solid #dde1e7; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
)";

// The bar's label: what the step adds, short enough for a slot.
std::string short_step(const WaterfallStep& s, std::size_t i, std::size_t ane_step) {
  if (i == 0) return "baseline";
  if (i > ane_step) return std::string("+").append(s.weights);
  const std::size_t plus = s.layout.rfind('+');
  if (s.layout == "ane") return "+mask (ane)";
  return plus == std::string::npos ? s.layout : s.layout.substr(plus);
}

std::string chart(const Waterfall& w, const char* title, const char* unit, double (*value)(const StepFigures&)) {
  svg::WaterfallChart c{.title = title, .unit = unit, .bars = {}};
  for (std::size_t i = 0; i < w.steps.size(); ++i) {
    const WaterfallStep& s = w.steps[i];
    c.bars.push_back({.label = short_step(s, i, w.ane_step), .value = value(s.figures),
                      .tooltip = fmt::format("{} ({}, {} weights): {} {}", s.title, s.layout, s.weights, svg::short_number(value(s.figures)), unit)});
  }
  return svg::waterfall_chart(c);
}

void write_waterfall(std::ostream& out, const Waterfall& w) {
  out << "<h2>What-if, principle by principle</h2>\n";
  if (w.steps.empty()) {
    out << html::note("No what-if: " + w.not_applicable);
    return;
  }
  out << html::note("Each step reruns the one before with one more of the seed's fixes: (B,C,1,S) and Conv2d 1x1, the per-head "
                    "split, the einsums, the additive mask (the ane layout), then int8 and int4 weights.");
  out << html::panel_row({chart(w, "latency (ms)", "ms", [](const StepFigures& f) { return html::to_ms(f.latency_s); }),
                          chart(w, "peak memory (MB)", "MB", [](const StepFigures& f) { return html::to_mb(static_cast<double>(f.peak_memory_bytes)); })});
  out << html::panel_row({chart(w, "DRAM traffic (MB)", "MB", [](const StepFigures& f) { return html::to_mb(static_cast<double>(f.dram_bytes)); }),
                          chart(w, "energy (mJ)", "mJ", [](const StepFigures& f) { return f.energy_j * 1e3; })});
}

// Each fix on its own, next to the cumulative charts: what a fix buys without the others (the
// mask's saving at the end of the path is multiplied by the per-head split before it).
void write_alone(std::ostream& out, const Waterfall& w) {
  if (w.alone.empty()) return;
  out << "<h2>Each fix alone</h2>\n"
      << html::note("Each fix applied on its own: to the baseline, or to the switches it needs; its saving is against that run.")
      << "<table>\n<tr><th>fix</th><th>from</th><th>latency saved</th><th>memory saved</th><th>DRAM saved</th><th>energy saved</th></tr>\n";
  for (const WaterfallStep& s : w.alone) {
    const bool gain = s.saving.latency_s >= 0;
    out << fmt::format(
        "<tr><td>{}{}</td><td>{}</td><td class=\"num\">{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{:.3g} mJ</td></tr>\n",
        escape(s.title), s.fits ? "" : " (does not fit)", escape(s.from), gain ? "" : "-",
        format_seconds(gain ? s.saving.latency_s : -s.saving.latency_s), format_bytes(static_cast<double>(s.saving.peak_memory_bytes)),
        format_bytes(static_cast<double>(s.saving.dram_bytes)), s.saving.energy_j * 1e3);
  }
  out << "</table>\n";
}

void write_findings(std::ostream& out, const std::vector<Finding>& findings) {
  out << "<h2>Findings</h2>\n";
  if (findings.empty()) {
    out << html::note("No findings: nothing in this run breaks a principle anesim checks.");
    return;
  }
  out << "<table>\n<tr><th>#</th><th>principle</th><th>finding</th><th>ops</th><th>latency saved</th><th>memory saved</th>"
         "<th>energy saved</th><th>from</th><th>mechanism</th></tr>\n";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    std::string ops;
    for (const OpGroup& g : f.ops) ops += (ops.empty() ? "" : ", ") + g.name + " x" + std::to_string(g.count);
    const bool gain = f.saving.latency_s >= 0;
    out << fmt::format(
        "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{} ({})</td><td class=\"num\">{}{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{:.3g} mJ</td><td>{}</td><td>{}</td></tr>\n",
        i + 1, escape(std::string(principle_name(f.principle))), escape(f.title), f.op_count, escape(ops), gain ? "" : "-",
        format_seconds(gain ? f.saving.latency_s : -f.saving.latency_s), format_bytes(static_cast<double>(f.saving.peak_memory_bytes)),
        f.saving.energy_j * 1e3, escape(std::string(saving_basis_name(f.basis))), escape(f.mechanism + ". " + f.basis_text));
  }
  out << "</table>\n";
}

}  // namespace

void write_advice_html(std::ostream& out, const Advice& a) {
  const RunResult& r = a.run;
  const std::string title = fmt::format("anesim advise: {} on {}, {} layout", r.model, r.chip, r.layout);
  html::page_start(out, title, k_table_style);
  out << "<h1>" << escape(title) << "</h1>\n"
      << fmt::format("<p class=\"subtitle\">batch {}, seq {}, {} weights, {} power state: {}, {} peak memory, {:.3g} mJ</p>\n", r.batch,
                     r.seq, escape(r.weights), escape(r.power_state), format_seconds(r.totals.latency_s),
                     format_bytes(static_cast<double>(r.totals.peak_memory_bytes)), r.totals.energy_j * 1e3);
  write_waterfall(out, a.waterfall);
  write_alone(out, a.waterfall);
  write_findings(out, a.findings);
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace anesim
