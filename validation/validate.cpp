#include "validation/validate.hpp"

#include <algorithm>
#include <cmath>

#include "generation/kv_cache.hpp"
#include "models/simulate.hpp"

namespace anesim {

double ValidationRow::predicted() const {
  double sum = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RunResult& r = results[i];
    sum += point->metric == PointMetric::latency ? r.totals.latency_s + (i < boundary_s.size() ? boundary_s[i] : 0.0)
                                                 : static_cast<double>(r.totals.peak_memory_bytes);
  }
  return results.empty() ? 0 : sum / static_cast<double>(results.size());
}

std::vector<ValidationRow> run_validation(const ValidationSet& set) {
  std::vector<ValidationRow> rows;
  rows.reserve(set.points.size());
  for (const auto& point : set.points) {
    ValidationRow row;
    row.point = &point;
    for (const std::string& state : point.power_states) {
      RunRequest request = point.request;
      request.keep_ops = false;  // the totals are all a comparison reads
      request.power_state = state;
      try {
        const Graph graph = build_graph(point.model, request);
        row.results.push_back(run_graph(graph, point.model, point.chip, request));
        row.boundary_s.push_back(point.kv_cache ? boundary_seconds(cache_traffic(graph, *point.kv_cache), point.chip) : 0.0);
      } catch (const Error& e) {
        throw Error("point '" + point.name + "': " + e.message(), e.hint(), point.where);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ValidationSummary summarize(const std::vector<ValidationRow>& rows, PointRole role, PointMetric metric) {
  ValidationSummary s;
  double sum = 0, log_sum = 0;
  for (const auto& row : rows) {
    if (row.point->role != role || row.point->metric != metric) continue;
    const double e = std::abs(row.error());
    const double log_ratio = std::abs(std::log(row.predicted() / row.point->measured));
    ++s.points;
    sum += e;
    log_sum += log_ratio;
    s.max_ratio = std::max(s.max_ratio, std::exp(log_ratio));
    if (s.worst.empty() || e > s.max_abs_error) {
      s.max_abs_error = e;
      s.worst = row.point->name;
    }
  }
  if (s.points > 0) {
    s.mean_abs_error = sum / static_cast<double>(s.points);
    s.geomean_abs_error = std::exp(log_sum / static_cast<double>(s.points)) - 1;
  }
  return s;
}

}  // namespace anesim
