// report.html's page: the title, the notices, each shown study's sections (reports/html_sections.hpp)
// and the comparison sections (reports/html_comparison.hpp).
#include "reports/html_report.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "reports/comparison.hpp"
#include "reports/html_comparison.hpp"
#include "reports/html_fit_notice.hpp"
#include "reports/html_parts.hpp"
#include "reports/html_sections.hpp"
#include "reports/html_study.hpp"
#include "reports/measured_points.hpp"
#include "reports/svg_chart.hpp"

namespace anesim {

namespace {

using html::note;
using html::Study;
using svg::escape;

double latency_ms(const RunResult& r) { return html::to_ms(r.totals.latency_s); }
double memory_mb(const RunResult& r) { return html::to_mb(static_cast<double>(r.totals.peak_memory_bytes)); }

void page_head(std::ostream& out, const std::string& title, const std::vector<RunResult>& points) {
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
  html::page_start(out, title);
  out << "<h1>" << escape(title) << "</h1>\n";
  out << "<p class=\"subtitle\">"
      << escape(fmt::format("{} runs · models: {} · chips: {} · layouts: {}{}", points.size(), join(models), join(chips),
                            join(ordered_layouts(layouts)), html::varying_axes_summary(points)))
      << "</p>\n";
}

void study_sections(std::ostream& out, const Study& s, const std::vector<MeasuredPoint>& measured) {
  out << "<h2>" << escape(html::context_title(s.context)) << "</h2>\n";
  const bool mean = s.context.power_state == "mean";
  if (mean) {
    out << note("Latency here is the mean of the sweep's power states, the form of a published curve that averages "
                "them (the seed's Figure 2: each line lies in a band whose edges are the engine's fast and slow states). "
                "Hollow diamonds are the measured points.");
  } else {
    out << html::summary_cards(s);
  }
  out << "<h3>Latency vs sequence length</h3>\n"
      << html::vs_seq_panels(s, {"Latency", "latency (ms)", "ms", latency_ms, true}, measured);
  out << "<h3>Peak memory vs sequence length</h3>\n"
      << html::vs_seq_panels(s, {"Peak memory", "peak memory (MB)", "MB", memory_mb, false}, measured);
  out << html::ratio_maps(s);
  if (mean) return;  // regimes and time breakdowns are a state's own
  out << "<h3>Regime map</h3>\n" << html::regime_maps(s);
  out << html::breakdown_section(s);
}

// The studies not drawn, and the measured points no drawn study shows, each said in a note.
void left_out_notes(std::ostream& out, const std::vector<const Study*>& shown, const std::vector<const Study*>& hidden,
                    const std::vector<MeasuredPoint>& measured) {
  if (!hidden.empty()) {
    std::string names;
    for (const Study* s : hidden) names += (names.empty() ? "" : "; ") + html::context_title(s->context);
    out << note(fmt::format("{} more seq x batch studies are in the CSV and Markdown reports (their points are in the "
                            "comparisons below): {}.", hidden.size(), names));
  }
  const auto undrawn = std::count_if(measured.begin(), measured.end(), [&](const MeasuredPoint& m) {
    return std::none_of(shown.begin(), shown.end(), [&](const Study* st) {
      return !html::measured_series(*st, {m}, m.latency, m.layout, m.batch).empty() && st->find(m.layout, m.seq, m.batch) != nullptr;
    });
  });
  if (undrawn > 0) {
    out << note(fmt::format("{} of the {} measured points match no study drawn here (another model, chip, size or "
                            "power state; a point that averages the power states needs a sweep over them, e.g. "
                            "power_state: [high, low]).", undrawn, measured.size()));
  }
}

}  // namespace

std::vector<const RunResult*> html_report_op_runs(const std::vector<RunResult>& points) {
  const std::vector<Study> studies = html::group_studies(points);
  // The comparison sections exist exactly when an axis beyond seq and batch varies.
  const bool has_comparisons = !html::varying_axes_summary(points).empty();
  std::vector<const Study*> hidden;
  std::vector<const RunResult*> out;
  for (const Study* s : html::shown_studies(studies, has_comparisons, hidden)) {
    const auto point = html::chosen_point(*s);  // breakdown_section's point
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
  const std::vector<Study> studies = html::group_studies(wants_mean ? study_runs : points);
  page_head(out, title, points);
  if (!notice.empty()) out << note(notice);
  if (points.empty()) {
    out << note("No runs to report.") << "</main>\n</body>\n</html>\n";
    return;
  }
  out << html_fit_notice(points);
  const std::string comparisons = html::comparison_sections(points);
  std::vector<const Study*> hidden;
  const std::vector<const Study*> shown = html::shown_studies(studies, !comparisons.empty(), hidden);
  for (const Study* s : shown) study_sections(out, *s, measured);
  left_out_notes(out, shown, hidden, measured);
  out << comparisons;
  out << "<footer>anesim: predicted, not measured. Latency is one inference; peak memory is resident weights plus the "
         "largest live activation total (padded ANE buffers). MB = 10^6 bytes.</footer>\n";
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace anesim
