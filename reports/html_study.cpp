#include "reports/html_study.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "reports/comparison.hpp"
#include "reports/html_parts.hpp"
#include "sim/run_choices.hpp"

namespace anesim::html {

namespace {
Context context_of(const RunResult& r) { return {r.model, r.chip, r.power_state, r.phase, r.weights, r.kv_len, r.sparsity}; }
}  // namespace

const RunResult* Study::find(const std::string& layout, std::int64_t seq, std::int64_t batch) const {
  const auto it = by_cell.find({layout, seq, batch});
  return it == by_cell.end() ? nullptr : it->second;
}

std::vector<Study> group_studies(const std::vector<RunResult>& points) {
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

std::string context_title(const Context& c) {
  std::string s = fmt::format("{} on {}", c.model, c.chip);
  if (c.power_state == "mean") s += " (mean of the power states)";
  else if (c.power_state != "high") s += fmt::format(" ({} power state)", c.power_state);
  s += fmt::format(" · {}", c.phase);
  if (is_decode(c.phase)) s += fmt::format(" (KV cache {} tokens)", c.kv_len);
  s += " · " + c.weights + " weights";
  if (c.sparsity > 0) s += fmt::format(" · sparsity {:.2f}", c.sparsity);
  return s;
}

svg::Heatmap grid_map(const Study& s, const std::string& title) {
  svg::Heatmap map;
  map.title = title;
  map.x_label = "sequence length (tokens)";
  map.y_label = "batch";
  map.width = k_half_px;
  for (std::int64_t seq : s.seqs) map.columns.push_back(std::to_string(seq));
  for (std::int64_t b : s.batches) map.rows.push_back(std::to_string(b));
  map.cells.assign(s.batches.size(), std::vector<svg::HeatCell>(s.seqs.size()));
  return map;
}

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

}  // namespace anesim::html
