#include "reports/html_comparison.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "reports/comparison.hpp"
#include "reports/html_parts.hpp"
#include "reports/svg_chart.hpp"
#include "reports/units.hpp"
#include "sim/run_choices.hpp"

namespace anesim::html {

namespace {

using svg::escape;

enum class Axis { chip, weights, kv_len, sparsity, phase, model, power_state };
// The order an axis is picked as the rows: chips compare best side by side.
constexpr std::array<Axis, 7> k_axes{Axis::chip, Axis::weights, Axis::kv_len, Axis::sparsity, Axis::phase, Axis::model, Axis::power_state};

std::string value_of(const RunResult& r, Axis a) {
  switch (a) {
    case Axis::chip: return r.chip;
    case Axis::weights: return r.weights;
    case Axis::kv_len: return is_decode(r.phase) ? std::to_string(r.kv_len) : "";  // prefill has no cache
    case Axis::sparsity: return fmt::format("{:.2f}", r.sparsity);
    case Axis::phase: return r.phase;
    case Axis::model: return r.model;
    case Axis::power_state: return r.power_state;
  }
  return "";
}

std::string axis_name(Axis a) {
  switch (a) {
    case Axis::chip: return "chips";
    case Axis::weights: return "weights";
    case Axis::kv_len: return "KV cache";
    case Axis::sparsity: return "sparsity";
    case Axis::phase: return "phase";
    case Axis::model: return "models";
    case Axis::power_state: return "power states";
  }
  return "";
}

// How a value reads in a heading: "int8 weights", "KV cache 256", "low power state".
std::string label_of(Axis a, const std::string& v) {
  switch (a) {
    case Axis::weights: return v + " weights";
    case Axis::kv_len: return v.empty() ? "no KV cache" : "KV cache " + v;
    case Axis::sparsity: return "sparsity " + v;
    case Axis::power_state: return v + " power state";
    default: return v;
  }
}

// The values of an axis in the order the runs first show them (sweep order).
std::vector<std::string> values_of(const std::vector<const RunResult*>& points, Axis a) {
  std::vector<std::string> out;
  for (const RunResult* r : points) {
    std::string v = value_of(*r, a);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  return out;
}

struct Series {
  std::string layout, state, name, colour;
};

struct Metric {
  std::string title, x_label;
  double (*value)(const RunTotals&);
  std::string (*label)(double);
};

double latency_ms(const RunTotals& t) { return t.latency_s * 1e3; }
double energy_mj(const RunTotals& t) { return t.energy_j * 1e3; }
double power_w(const RunTotals& t) { return t.avg_power_w; }
std::string ms_label(double v) { return format_seconds(v / 1e3); }
std::string mj_label(double v) { return svg::short_number(v) + " mJ"; }
std::string w_label(double v) { return svg::short_number(v) + " W"; }

// The (seq, batch) the most row values ran; the largest of those.
std::pair<std::int64_t, std::int64_t> common_point(const std::vector<const RunResult*>& points, Axis rows) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::set<std::string>> ran;
  for (const RunResult* r : points) ran[{r->seq, r->batch}].insert(value_of(*r, rows));
  auto best = ran.begin();
  for (auto it = ran.begin(); it != ran.end(); ++it)
    if (it->second.size() >= best->second.size()) best = it;  // ascending keys: ties go to the larger
  return best->first;
}

std::vector<Metric> metrics_for(const std::vector<const RunResult*>& points) {
  const bool energy = std::any_of(points.begin(), points.end(), [](const RunResult* r) { return r->totals.energy_j > 0; });
  std::vector<Metric> metrics{{"Latency", "latency (ms)", latency_ms, ms_label}};
  if (energy) {
    metrics.push_back({"Energy per inference", "energy (mJ)", energy_mj, mj_label});
    metrics.push_back({"Average power", "power (W)", power_w, w_label});
  }
  return metrics;
}

// One panel per metric; `x_max` (one per metric) gives every panel row of a section one scale.
std::string panels(const std::vector<const RunResult*>& points, Axis rows, const std::vector<std::string>& row_values,
                   const std::vector<Series>& series, bool by_state, const std::vector<Metric>& metrics,
                   const std::vector<double>& x_max) {
  std::size_t longest = 0;
  for (const std::string& v : row_values) longest = std::max(longest, v.size());
  std::vector<std::string> rendered;
  for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
    const Metric& m = metrics[mi];
    svg::BarChart chart;
    chart.title = m.title;
    chart.x_max = x_max[mi];
    chart.x_label = m.x_label;
    chart.width = metrics.size() == 1 ? k_full_px : k_third_px;
    chart.label_width = static_cast<int>(std::clamp<std::size_t>(7 * longest + 18, 60, 160));
    for (const Series& s : series) chart.series.emplace_back(s.name, s.colour);
    for (const std::string& row : row_values) {
      svg::BarGroup g{row.empty() ? "none" : row, {}, {}};  // a prefill point has no KV-cache length
      bool any = false;
      for (const Series& s : series) {
        const auto it = std::find_if(points.begin(), points.end(), [&](const RunResult* r) {
          return value_of(*r, rows) == row && r->layout == s.layout && (!by_state || r->power_state == s.state);
        });
        const double v = it != points.end() ? m.value((*it)->totals) : -1;
        g.values.push_back(v);
        g.value_labels.push_back(v >= 0 ? m.label(v) : "");
        any = any || v >= 0;
      }
      if (any) chart.groups.push_back(std::move(g));
    }
    rendered.push_back(svg::bar_chart(chart));
  }
  return panel_row(rendered);
}

constexpr std::size_t k_max_facets = 60;  // beyond, the page is too long to read; the rest is in the CSV

}  // namespace

std::string varying_axes_summary(const std::vector<RunResult>& points) {
  std::vector<const RunResult*> all;
  for (const RunResult& r : points) all.push_back(&r);
  std::string out;
  for (Axis a : k_axes) {
    if (a == Axis::chip || a == Axis::model) continue;  // the subtitle lists these already
    const auto values = values_of(all, a);
    if (values.size() < 2) continue;
    std::string list;
    for (const std::string& v : values) list += (list.empty() ? "" : ", ") + (v.empty() ? std::string("none") : v);
    out += fmt::format(" · {}: {}", axis_name(a), list);
  }
  return out;
}

std::string comparison_sections(const std::vector<RunResult>& points) {
  std::vector<const RunResult*> all;
  for (const RunResult& r : points) all.push_back(&r);
  std::vector<Axis> varying;
  for (Axis a : k_axes)
    if (values_of(all, a).size() > 1) varying.push_back(a);
  if (varying.empty()) return "";
  const Axis rows = varying.front();
  const bool by_state = rows != Axis::power_state && values_of(all, Axis::power_state).size() > 1;
  std::vector<Axis> facets;
  for (Axis a : varying)
    if (a != rows && a != Axis::model && a != Axis::power_state) facets.push_back(a);

  std::set<std::string> layout_set;
  for (const RunResult* r : all) layout_set.insert(r->layout);
  const auto layouts = ordered_layouts(layout_set);
  const auto states = values_of(all, Axis::power_state);
  std::vector<Series> series;
  for (std::size_t li = 0; li < layouts.size(); ++li) {
    if (!by_state) {
      series.push_back({layouts[li], "", layouts[li] + " layout", layout_colour(layouts[li], li)});
      continue;
    }
    for (std::size_t si = 0; si < states.size(); ++si)
      series.push_back({layouts[li], states[si], layouts[li] + ", " + states[si] + " power", layout_colour(layouts[li], li, si > 0)});
  }

  // One section per model (unless the models are the rows), one panel row per facet combination.
  const std::vector<std::string> sections = rows == Axis::model ? std::vector<std::string>{""} : values_of(all, Axis::model);
  std::string out;
  std::size_t shown = 0, hidden = 0;
  for (const std::string& model : sections) {
    std::vector<const RunResult*> in_section;
    for (const RunResult* r : all)
      if (rows == Axis::model || r->model == model) in_section.push_back(r);
    std::string title = axis_name(rows);
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));  // "Chips compared"
    out += fmt::format("<h2>{} compared{}</h2>\n", escape(title), model.empty() ? "" : ": " + escape(model));
    // Facet combinations in sweep order.
    std::vector<std::vector<std::string>> combos;
    std::map<std::vector<std::string>, std::vector<const RunResult*>> by_combo;
    for (const RunResult* r : in_section) {
      std::vector<std::string> key;
      for (Axis a : facets) key.push_back(value_of(*r, a));
      if (by_combo.count(key) == 0) combos.push_back(key);
      by_combo[key].push_back(r);
    }
    // Each combination's points at its common (seq, batch); then one scale per metric for all.
    std::vector<std::pair<std::string, std::vector<const RunResult*>>> rows_shown;
    for (const auto& key : combos) {
      if (shown == k_max_facets) {
        ++hidden;
        continue;
      }
      ++shown;
      const auto& group = by_combo[key];
      const auto [seq, batch] = common_point(group, rows);
      std::vector<const RunResult*> at_point;
      for (const RunResult* r : group)
        if (r->seq == seq && r->batch == batch) at_point.push_back(r);
      std::string heading;
      for (std::size_t i = 0; i < facets.size(); ++i) heading += (heading.empty() ? "" : " · ") + label_of(facets[i], key[i]);
      heading += fmt::format("{}seq {}, batch {}", heading.empty() ? "" : " · ", seq, batch);
      rows_shown.emplace_back(heading, std::move(at_point));
    }
    const std::vector<Metric> metrics = metrics_for(in_section);
    std::vector<double> x_max(metrics.size(), 0);
    for (const auto& [heading, at_point] : rows_shown)
      for (const RunResult* r : at_point)
        for (std::size_t mi = 0; mi < metrics.size(); ++mi) x_max[mi] = std::max(x_max[mi], metrics[mi].value(r->totals));
    for (const auto& [heading, at_point] : rows_shown) {
      out += "<h3>" + escape(heading) + "</h3>\n";
      out += panels(at_point, rows, values_of(at_point, rows), series, by_state, metrics, x_max);
    }
  }
  if (hidden > 0) out += note(fmt::format("{} more panel rows are in the CSV and Markdown reports.", hidden));
  return out;
}

}  // namespace anesim::html
