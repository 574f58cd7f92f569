// Where the time goes at the study's chosen point: by op kind (the ten largest, rule 3's
// hardware transposes apart) and by engine, a bar per layout, from the runs' op records.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/units.hpp"

namespace anesim::html {

namespace {

struct Breakdown {
  std::vector<std::pair<std::string, double>> by_kind;  // seconds, largest first
  double ane_s = 0, cpu_s = 0, border_s = 0, app_io_s = 0;
};

// Rule 3's steps, which the lowering adds around a graph op: their kind is a graph transpose's
// ("transpose"), so the name the lowering gives them tells them apart. A flag on the op record
// would say it without the name (asked of sim/, which owns OpRecord).
bool hardware_transpose(const OpRecord& op) {
  if (op.kind != synthetic_step_kind(SyntheticStep::transpose_in)) return false;
  const std::string_view name = op.name;
  return name.ends_with(synthetic_step_suffix(SyntheticStep::transpose_in)) ||
         name.ends_with(synthetic_step_suffix(SyntheticStep::transpose_out));
}

Breakdown breakdown_of(const RunResult& r) {
  Breakdown b;
  std::map<std::string, double> kinds;
  for (const OpRecord& op : r.ops) {
    b.border_s += op.border_s;
    if (op.free) continue;
    kinds[hardware_transpose(op) ? "hardware transpose" : std::string(op.kind)] += op.latency_s();
    (op.engine == Engine::ane ? b.ane_s : b.cpu_s) += op.latency_s();
  }
  if (b.border_s > 0) kinds["hand-over / launch"] += b.border_s;
  b.app_io_s = r.totals.app_io_s;  // outside the op records: the copies before the first op and after the last
  if (b.app_io_s > 0) kinds["app boundary (model I/O)"] += b.app_io_s;
  b.by_kind.assign(kinds.begin(), kinds.end());
  std::stable_sort(b.by_kind.begin(), b.by_kind.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  constexpr std::size_t k_top = 10;
  if (b.by_kind.size() > k_top + 1) {
    double rest = 0;
    for (std::size_t i = k_top; i < b.by_kind.size(); ++i) rest += b.by_kind[i].second;
    const std::size_t others = b.by_kind.size() - k_top;
    b.by_kind.resize(k_top);
    b.by_kind.emplace_back(fmt::format("{} other kinds", others), rest);
  }
  return b;
}

using LayoutRun = std::pair<std::string, const RunResult*>;
using LayoutBreakdown = std::pair<std::string, Breakdown>;

std::string by_kind_panels(const std::vector<LayoutRun>& runs, const std::vector<LayoutBreakdown>& parts) {
  double kind_max = 0;
  for (const auto& part : parts)
    for (const auto& [kind, t] : part.second.by_kind) kind_max = std::max(kind_max, to_ms(t));
  std::vector<std::string> rendered;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& [layout, b] = parts[i];
    svg::BarChart chart;
    chart.title = fmt::format("By op kind, {} layout ({} total)", layout, format_seconds(runs[i].second->totals.latency_s));
    chart.x_label = "time (ms)";
    chart.series = {{layout, layout_colour(layout, i)}};
    chart.x_max = kind_max;
    chart.width = parts.size() == 1 ? k_full_px : k_half_px;
    for (const auto& [kind, t] : b.by_kind) chart.groups.push_back({kind, {to_ms(t)}, {format_seconds(t)}});
    rendered.push_back(svg::bar_chart(chart));
  }
  return panel_row(rendered);
}

std::string by_engine_panel(const std::vector<LayoutBreakdown>& parts) {
  svg::BarChart engines;
  engines.title = "By engine";
  engines.x_label = "time (ms)";
  engines.width = k_full_px;
  engines.label_width = 190;
  for (std::size_t i = 0; i < parts.size(); ++i) engines.series.emplace_back(parts[i].first, layout_colour(parts[i].first, i));
  const std::vector<std::pair<std::string, double Breakdown::*>> rows = {
      {"ANE ops", &Breakdown::ane_s}, {"CPU ops (fallback)", &Breakdown::cpu_s}, {"hand-overs / launches", &Breakdown::border_s},
      {"app boundary (model I/O)", &Breakdown::app_io_s}};
  for (const auto& [label, field] : rows) {
    svg::BarGroup g{label, {}, {}};
    for (const auto& part : parts) {
      g.values.push_back(to_ms(part.second.*field));
      g.value_labels.push_back(format_seconds(part.second.*field));
    }
    engines.groups.push_back(std::move(g));
  }
  return panel_row({svg::bar_chart(engines)});
}

}  // namespace

std::string breakdown_section(const Study& s) {
  const auto point = chosen_point(s);
  if (!point) return "";
  std::string out = fmt::format("<h3>Where the time goes: seq {}, batch {}</h3>\n", point->first, point->second);
  std::vector<LayoutRun> runs;
  for (const std::string& l : s.layouts)
    if (const RunResult* r = s.find(l, point->first, point->second); r != nullptr && !r->ops.empty()) runs.emplace_back(l, r);
  if (runs.empty()) return out + note("Time breakdown: skipped, these runs were kept without their op records.");
  std::vector<LayoutBreakdown> parts;
  for (const auto& [layout, r] : runs) parts.emplace_back(layout, breakdown_of(*r));
  out += by_kind_panels(runs, parts);
  out += by_engine_panel(parts);
  return out + note("Op time is end minus start of each op record (elided relabels take none); hand-over / launch is the "
                    "program dispatch and synchronisation paid at engine borders; the app boundary is the model's inputs and outputs "
                    "copied between the app's arrays and the engine's buffers.");
}

}  // namespace anesim::html
