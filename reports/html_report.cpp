#include "reports/html_report.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "reports/comparison.hpp"
#include "reports/html_comparison.hpp"
#include "reports/html_parts.hpp"
#include "reports/palette.hpp"
#include "reports/html_fit_notice.hpp"
#include "reports/measured_points.hpp"
#include "reports/svg_chart.hpp"
#include "reports/units.hpp"

namespace anesim {

namespace {

using svg::escape;
using svg::short_number;

using html::layout_colour;
using html::note;
using html::ordered_layouts;
using html::panel_row;
constexpr int k_half = html::k_half_px;
constexpr int k_full = html::k_full_px;

std::string regime_colour(Regime r) { return std::string(palette::regime_colour(r)); }
std::string series_colour(std::size_t i) { return std::string(palette::k_series[i % palette::k_series.size()]); }

double ms(double s) { return s * 1e3; }
double mb(double bytes) { return bytes / 1e6; }

std::string ratio_label(double r) { return r < 10 ? fmt::format("{:.2f}x", r) : fmt::format("{:.1f}x", r); }

// Points sharing everything but layout, seq and batch.
struct Context {
  std::string model, chip, power_state, phase, weights;
  std::int64_t kv_len = 0;
  double sparsity = 0;
  auto key() const { return std::tie(model, chip, power_state, phase, kv_len, weights, sparsity); }
};

Context context_of(const RunResult& r) { return {r.model, r.chip, r.power_state, r.phase, r.weights, r.kv_len, r.sparsity}; }

std::string context_title(const Context& c) {
  std::string s = fmt::format("{} on {}", c.model, c.chip);
  if (c.power_state == "mean") s += " (mean of the power states)";
  else if (c.power_state != "high") s += fmt::format(" ({} power state)", c.power_state);
  s += fmt::format(" · {}", c.phase);
  if (c.phase == "decode") s += fmt::format(" (KV cache {} tokens)", c.kv_len);
  s += " · " + c.weights + " weights";
  if (c.sparsity > 0) s += fmt::format(" · sparsity {:.2f}", c.sparsity);
  return s;
}

struct Study {
  Context context;
  std::vector<const RunResult*> points;
  std::vector<std::int64_t> seqs, batches;
  std::vector<std::string> layouts;

  // The first point of each (layout, seq, batch): a scan of every point for every cell made a
  // 100,000-point report quadratic.
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, const RunResult*> by_cell;

  [[nodiscard]] const RunResult* find(const std::string& layout, std::int64_t seq, std::int64_t batch) const {
    const auto it = by_cell.find({layout, seq, batch});
    return it == by_cell.end() ? nullptr : it->second;
  }
  [[nodiscard]] bool has(const std::string& layout) const {
    return std::find(layouts.begin(), layouts.end(), layout) != layouts.end();
  }
  [[nodiscard]] std::size_t cells() const { return seqs.size() * batches.size(); }
};

std::vector<Study> group(const std::vector<RunResult>& points) {
  std::vector<Study> studies;
  for (const RunResult& r : points) {
    const Context c = context_of(r);
    auto it = std::find_if(studies.begin(), studies.end(), [&](const Study& s) { return s.context.key() == c.key(); });
    if (it == studies.end()) {
      studies.push_back(Study{c, {}, {}, {}, {}, {}});
      it = std::prev(studies.end());
    }
    it->points.push_back(&r);
  }
  for (Study& s : studies) {
    std::set<std::int64_t> seqs, batches;
    std::set<std::string> layouts;
    for (const RunResult* r : s.points) {
      s.by_cell.emplace(std::make_tuple(r->layout, r->seq, r->batch), r);
      seqs.insert(r->seq);
      batches.insert(r->batch);
      layouts.insert(r->layout);
    }
    s.seqs.assign(seqs.begin(), seqs.end());
    s.batches.assign(batches.begin(), batches.end());
    s.layouts = ordered_layouts(layouts);
  }
  return studies;
}

// Figure 2: a metric vs sequence length, one line per batch, one panel per layout.
// The measured points a study's chart of one layout and batch draws: the study's model and chip,
// and for latency the study's power state ("mean" for the mean-of-states study); memory has none.
std::vector<std::pair<double, double>> measured_series(const Study& s, const std::vector<MeasuredPoint>& measured,
                                                       bool latency, const std::string& layout, std::int64_t batch) {
  std::vector<std::pair<double, double>> out;
  for (const MeasuredPoint& m : measured) {
    if (m.latency != latency || m.model != s.context.model || m.chip != s.context.chip || m.layout != layout ||
        m.batch != batch || s.context.phase != "prefill")
      continue;
    if (latency && m.power_state != s.context.power_state) continue;
    out.emplace_back(static_cast<double>(m.seq), latency ? ms(m.value) : mb(m.value));
  }
  return out;
}

std::string vs_seq_panels(const Study& s, const std::string& what, const std::string& y_label, const std::string& unit,
                          double (*metric)(const RunResult&), const std::vector<MeasuredPoint>& measured, bool latency) {
  if (s.seqs.size() < 2) return note(what + " vs sequence length: skipped, the runs have one sequence length.");
  std::vector<svg::LineChart> charts;
  for (const std::string& layout : s.layouts) {
    svg::LineChart chart;
    chart.title = fmt::format("{}, {} layout", what, layout);
    chart.x_label = "sequence length (tokens)";
    chart.y_label = y_label;
    chart.y_unit = unit;
    chart.width = s.layouts.size() == 1 ? k_full : k_half;
    for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
      svg::Series series;
      series.name = fmt::format("batch {}", s.batches[bi]);
      series.color = series_colour(bi);
      for (std::int64_t seq : s.seqs)
        if (const RunResult* r = s.find(layout, seq, s.batches[bi])) series.points.emplace_back(static_cast<double>(seq), metric(*r));
      if (!series.points.empty()) chart.series.push_back(std::move(series));
    }
    for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
      svg::Series points;
      points.name = fmt::format("measured, batch {}", s.batches[bi]);
      points.color = series_colour(bi);
      points.measured = true;
      points.points = measured_series(s, measured, latency, layout, s.batches[bi]);
      if (!points.points.empty()) chart.series.push_back(std::move(points));
    }
    charts.push_back(std::move(chart));
  }
  std::vector<const svg::LineChart*> all;
  all.reserve(charts.size());
  for (const auto& c : charts) all.push_back(&c);
  const auto shared = svg::y_extent(all);
  std::vector<std::string> rendered;
  for (auto& c : charts) {
    c.y_range = shared;
    rendered.push_back(svg::line_chart(c));
  }
  return panel_row(rendered);
}

double latency_ms(const RunResult& r) { return ms(r.totals.latency_s); }
double memory_mb(const RunResult& r) { return mb(static_cast<double>(r.totals.peak_memory_bytes)); }

svg::Heatmap grid_map(const Study& s, const std::string& title) {
  svg::Heatmap map;
  map.title = title;
  map.x_label = "sequence length (tokens)";
  map.y_label = "batch";
  map.width = k_half;
  for (std::int64_t seq : s.seqs) map.columns.push_back(std::to_string(seq));
  for (std::int64_t b : s.batches) map.rows.push_back(std::to_string(b));
  map.cells.assign(s.batches.size(), std::vector<svg::HeatCell>(s.seqs.size()));
  return map;
}

std::string ratio_heatmaps(const Study& s) {
  if (!s.has("baseline") || !s.has("ane")) return note("Speedup and memory-saving maps: skipped, the runs lack a baseline or an ane layout.");
  svg::Heatmap speed = grid_map(s, "Speedup: baseline latency / ane latency");
  svg::Heatmap memory = grid_map(s, "Memory saving: baseline / ane peak memory");
  for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
    for (std::size_t si = 0; si < s.seqs.size(); ++si) {
      const RunResult* b = s.find("baseline", s.seqs[si], s.batches[bi]);
      const RunResult* a = s.find("ane", s.seqs[si], s.batches[bi]);
      if (b == nullptr || a == nullptr) continue;
      const LayoutRatios ratio = baseline_over_ane(b->totals, a->totals);
      const std::string where = fmt::format("seq {}, batch {}", s.seqs[si], s.batches[bi]);
      speed.cells[bi][si] = {true, ratio.latency, ratio_label(ratio.latency), "", "",
                             fmt::format("{}: baseline {}, ane {}", where, format_seconds(b->totals.latency_s),
                                         format_seconds(a->totals.latency_s))};
      memory.cells[bi][si] = {true, ratio.peak_memory, ratio_label(ratio.peak_memory), "", "",
                              fmt::format("{}: baseline {}, ane {}", where,
                                          format_bytes(static_cast<double>(b->totals.peak_memory_bytes)),
                                          format_bytes(static_cast<double>(a->totals.peak_memory_bytes)))};
    }
  }
  return panel_row({svg::heatmap(speed), svg::heatmap(memory)});
}

std::string short_regime(Regime r) {
  switch (r) {
    case Regime::compute: return "compute";
    case Regime::bandwidth: return "bandwidth";
    case Regime::overhead: return "overhead";
  }
  return "?";
}

double regime_share(const RunTotals& t) {
  switch (t.regime) {
    case Regime::compute: return t.compute_share;
    case Regime::bandwidth: return t.bandwidth_share;
    case Regime::overhead: return t.overhead_share;
  }
  return 0;
}

std::string regime_maps(const Study& s) {
  std::vector<std::string> rendered;
  for (const std::string& layout : s.layouts) {
    svg::Heatmap map = grid_map(s, "What limits it: " + layout + " layout");
    if (s.layouts.size() == 1) map.width = k_full;
    for (Regime r : {Regime::compute, Regime::bandwidth, Regime::overhead})
      map.legend.emplace_back(regime_colour(r), std::string(regime_name(r)) + (r == Regime::bandwidth ? " (BW)" : ""));
    for (std::size_t bi = 0; bi < s.batches.size(); ++bi) {
      for (std::size_t si = 0; si < s.seqs.size(); ++si) {
        const RunResult* r = s.find(layout, s.seqs[si], s.batches[bi]);
        if (r == nullptr) continue;
        const RunTotals& t = r->totals;
        map.cells[bi][si] = {true, 0,
                             // "BW" keeps the label short; the legend spells it out. A cell too narrow
                             // for the word keeps the share; its colour names the regime.
                             fmt::format("{} {:.0f}%", t.regime == Regime::bandwidth ? "BW" : short_regime(t.regime),
                                         100 * regime_share(t)),
                             fmt::format("{:.0f}%", 100 * regime_share(t)), regime_colour(t.regime),
                             fmt::format("seq {}, batch {}: compute {:.0f}%, bandwidth {:.0f}%, overhead {:.0f}% of {}",
                                         s.seqs[si], s.batches[bi], 100 * t.compute_share, 100 * t.bandwidth_share,
                                         100 * t.overhead_share, format_seconds(t.latency_s))};
      }
    }
    rendered.push_back(svg::heatmap(map));
  }
  return panel_row(rendered) + note("Each cell names the regime of the whole run and the share of its latency spent in ops of "
                                    "that regime (border time counts as overhead).");
}

// The point the breakdown shows: the largest seq, then batch, that every layout ran (else any).
std::optional<std::pair<std::int64_t, std::int64_t>> chosen_point(const Study& s) {
  std::optional<std::pair<std::int64_t, std::int64_t>> any;
  for (auto si = s.seqs.rbegin(); si != s.seqs.rend(); ++si) {
    for (auto bi = s.batches.rbegin(); bi != s.batches.rend(); ++bi) {
      bool all = true;
      bool some = false;
      for (const std::string& l : s.layouts) {
        const bool found = s.find(l, *si, *bi) != nullptr;
        all = all && found;
        some = some || found;
      }
      if (all) return std::make_pair(*si, *bi);
      if (some && !any) any = std::make_pair(*si, *bi);
    }
  }
  return any;
}

struct Breakdown {
  std::vector<std::pair<std::string, double>> by_kind;  // seconds, largest first
  double ane_s = 0, cpu_s = 0, border_s = 0;
};

Breakdown breakdown_of(const RunResult& r) {
  Breakdown b;
  std::map<std::string, double> kinds;
  for (const OpRecord& op : r.ops) {
    b.border_s += op.border_s;
    if (op.free) continue;
    const bool transpose = op.name.find(".transpose_") != std::string::npos;  // rule 3's synthetic steps
    kinds[transpose ? "hardware transpose" : std::string(op.kind)] += op.latency_s();
    (op.engine == Engine::ane ? b.ane_s : b.cpu_s) += op.latency_s();
  }
  if (b.border_s > 0) kinds["hand-over / launch"] += b.border_s;
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

std::string breakdown_section(const Study& s) {
  const auto point = chosen_point(s);
  if (!point) return "";
  std::string out = fmt::format("<h3>Where the time goes: seq {}, batch {}</h3>\n", point->first, point->second);
  std::vector<std::pair<std::string, const RunResult*>> runs;
  for (const std::string& l : s.layouts)
    if (const RunResult* r = s.find(l, point->first, point->second); r != nullptr && !r->ops.empty()) runs.emplace_back(l, r);
  if (runs.empty()) return out + note("Time breakdown: skipped, these runs were kept without their op records.");

  std::vector<std::pair<std::string, Breakdown>> parts;
  double kind_max = 0;
  for (const auto& [layout, r] : runs) {
    parts.emplace_back(layout, breakdown_of(*r));
    for (const auto& [kind, t] : parts.back().second.by_kind) kind_max = std::max(kind_max, ms(t));
  }
  std::vector<std::string> rendered;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& [layout, b] = parts[i];
    svg::BarChart chart;
    chart.title = fmt::format("By op kind, {} layout ({} total)", layout, format_seconds(runs[i].second->totals.latency_s));
    chart.x_label = "time (ms)";
    chart.series = {{layout, layout_colour(layout, i)}};
    chart.x_max = kind_max;
    chart.width = parts.size() == 1 ? k_full : k_half;
    for (const auto& [kind, t] : b.by_kind) chart.groups.push_back({kind, {ms(t)}, {format_seconds(t)}});
    rendered.push_back(svg::bar_chart(chart));
  }
  out += panel_row(rendered);

  svg::BarChart engines;
  engines.title = "By engine";
  engines.x_label = "time (ms)";
  engines.width = k_full;
  engines.label_width = 190;
  for (std::size_t i = 0; i < parts.size(); ++i) engines.series.emplace_back(parts[i].first, layout_colour(parts[i].first, i));
  const std::vector<std::pair<std::string, double Breakdown::*>> rows = {
      {"ANE ops", &Breakdown::ane_s}, {"CPU ops (fallback)", &Breakdown::cpu_s}, {"hand-overs / launches", &Breakdown::border_s}};
  for (const auto& [label, field] : rows) {
    svg::BarGroup g{label, {}, {}};
    for (const auto& part : parts) {
      g.values.push_back(ms(part.second.*field));
      g.value_labels.push_back(format_seconds(part.second.*field));
    }
    engines.groups.push_back(std::move(g));
  }
  out += panel_row({svg::bar_chart(engines)});
  return out + note("Op time is end minus start of each op record (elided relabels take none); hand-over / launch is the "
                    "program dispatch and synchronisation paid at engine borders.");
}

std::string summary_cards(const Study& s) {
  const auto point = chosen_point(s);
  if (!point) return "";
  const RunResult* b = s.find("baseline", point->first, point->second);
  const RunResult* a = s.find("ane", point->first, point->second);
  std::string out = "<div class=\"cards\">\n";
  auto card = [&](const std::string& value, const std::string& label) {
    out += fmt::format("<div class=\"card\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>\n", escape(value), escape(label));
  };
  const std::string where = fmt::format("seq {}, batch {}", point->first, point->second);
  for (const RunResult* r : {b, a}) {
    if (r == nullptr) continue;
    card(format_seconds(r->totals.latency_s), fmt::format("{} layout, {}, {}", r->layout, where, short_regime(r->totals.regime) + "-bound"));
  }
  if (b != nullptr && a != nullptr) {
    const LayoutRatios ratio = baseline_over_ane(b->totals, a->totals);
    card(ratio_label(ratio.latency), "faster in the ane layout, " + where);
    card(ratio_label(ratio.peak_memory), "less peak memory in the ane layout, " + where);
  }
  return out + "</div>\n";
}

// Full studies for the groups that vary seq or batch; if none does, the first group alone.
// Full studies for the groups that vary seq or batch (the comparison sections show every other
// axis); with neither, the one group alone. At most 12 are drawn: the rest are named in a note.
std::vector<const Study*> shown_studies(const std::vector<Study>& studies, bool has_comparisons,
                                        std::vector<const Study*>& hidden) {
  std::vector<const Study*> shown;
  for (const Study& s : studies)
    if (s.cells() >= 2) shown.push_back(&s);
  if (shown.empty() && !has_comparisons && !studies.empty()) shown.push_back(&studies.front());
  constexpr std::size_t k_max_studies = 12;
  hidden.clear();
  if (shown.size() > k_max_studies) {
    hidden.assign(shown.begin() + k_max_studies, shown.end());
    shown.resize(k_max_studies);
  }
  return shown;
}

constexpr const char* k_style = R"(
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

std::vector<const RunResult*> html_report_op_runs(const std::vector<RunResult>& points) {
  const std::vector<Study> studies = group(points);
  // The comparison sections exist exactly when an axis beyond seq and batch varies.
  const bool has_comparisons = !html::varying_axes_summary(points).empty();
  std::vector<const Study*> hidden;
  std::vector<const RunResult*> out;
  for (const Study* s : shown_studies(studies, has_comparisons, hidden)) {
    const auto point = chosen_point(*s);  // breakdown_section's point
    if (!point) continue;
    for (const std::string& l : s->layouts)
      if (const RunResult* r = s->find(l, point->first, point->second)) out.push_back(r);
  }
  return out;
}

void write_html_report(std::ostream& out, const std::string& title, const std::vector<RunResult>& points,
                       const std::string& notice, const std::vector<MeasuredPoint>& measured) {
  // A measured curve that averages the power states (Figure 2's lines) is drawn over a study of the
  // mean of the sweep's states, after the studies of the states themselves.
  const bool wants_mean = std::any_of(measured.begin(), measured.end(), [](const MeasuredPoint& m) { return m.power_state == "mean"; });
  std::vector<RunResult> study_runs;
  if (wants_mean) {
    study_runs = points;
    for (RunResult& r : mean_of_power_states(points)) study_runs.push_back(std::move(r));
  }
  const std::vector<Study> studies = group(wants_mean ? study_runs : points);
  std::set<std::string> models, chips, layouts;
  for (const RunResult& r : points) {
    models.insert(r.model);
    chips.insert(r.chip);
    layouts.insert(r.layout);
  }
  auto join = [](const auto& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
  };

  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << k_style << "</style>\n</head>\n<body>\n<main>\n";
  out << "<h1>" << escape(title) << "</h1>\n";
  out << "<p class=\"subtitle\">"
      << escape(fmt::format("{} runs · models: {} · chips: {} · layouts: {}{}", points.size(), join(models), join(chips),
                            join(ordered_layouts(layouts)), html::varying_axes_summary(points)))
      << "</p>\n";
  if (!notice.empty()) out << note(notice);
  if (points.empty()) {
    out << note("No runs to report.") << "</main>\n</body>\n</html>\n";
    return;
  }

  out << html_fit_notice(points);

  const std::string comparisons = html::comparison_sections(points);
  std::vector<const Study*> hidden;
  const std::vector<const Study*> shown = shown_studies(studies, !comparisons.empty(), hidden);

  for (const Study* s : shown) {
    out << "<h2>" << escape(context_title(s->context)) << "</h2>\n";
    const bool mean = s->context.power_state == "mean";
    if (mean) {
      out << note("Latency here is the mean of the sweep's power states, the form of a published curve that averages "
                  "them (the seed's Figure 2: each line lies in a band whose edges are the engine's fast and slow states). "
                  "Hollow diamonds are the measured points.");
    } else {
      out << summary_cards(*s);
    }
    out << "<h3>Latency vs sequence length</h3>\n"
        << vs_seq_panels(*s, "Latency", "latency (ms)", "ms", latency_ms, measured, true);
    out << "<h3>Peak memory vs sequence length</h3>\n"
        << vs_seq_panels(*s, "Peak memory", "peak memory (MB)", "MB", memory_mb, measured, false);
    if (mean) {
      out << "<h3>Baseline over ANE layout</h3>\n" << ratio_heatmaps(*s);
      continue;  // regimes and time breakdowns are a state's own
    }
    out << "<h3>Baseline over ANE layout</h3>\n" << ratio_heatmaps(*s);
    out << "<h3>Regime map</h3>\n" << regime_maps(*s);
    out << breakdown_section(*s);
  }
  if (!hidden.empty()) {
    std::string names;
    for (const Study* s : hidden) names += (names.empty() ? "" : "; ") + context_title(s->context);
    out << note(fmt::format("{} more seq x batch studies are in the CSV and Markdown reports (their points are in the "
                            "comparisons below): {}.", hidden.size(), names));
  }
  const auto undrawn = std::count_if(measured.begin(), measured.end(), [&](const MeasuredPoint& m) {
    return std::none_of(shown.begin(), shown.end(), [&](const Study* st) {
      return !measured_series(*st, {m}, m.latency, m.layout, m.batch).empty() && st->find(m.layout, m.seq, m.batch) != nullptr;
    });
  });
  if (undrawn > 0) {
    out << note(fmt::format("{} of the {} measured points match no study drawn here (another model, chip, size or "
                            "power state; a point that averages the power states needs a sweep over them, e.g. "
                            "power_state: [high, low]).", undrawn, measured.size()));
  }
  out << comparisons;
  out << "<footer>anesim: predicted, not measured. Latency is one inference; peak memory is resident weights plus the "
         "largest live activation total (padded ANE buffers). MB = 10^6 bytes.</footer>\n";
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace anesim
