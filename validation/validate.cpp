#include "validation/validate.hpp"

#include <cmath>

#include "models/simulate.hpp"

namespace anesim {

std::vector<ValidationRow> run_validation(const ValidationSet& set) {
  std::vector<ValidationRow> rows;
  rows.reserve(set.points.size());
  for (const auto& point : set.points) {
    RunRequest request = point.request;
    request.keep_ops = false;  // the totals are all a comparison reads
    ValidationRow row;
    row.point = &point;
    try {
      row.result = simulate(point.model, point.chip, request);
    } catch (const Error& e) {
      throw Error("point '" + point.name + "': " + e.message(), e.hint(), point.where);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

ValidationSummary summarize(const std::vector<ValidationRow>& rows, PointRole role) {
  ValidationSummary s;
  double sum = 0;
  for (const auto& row : rows) {
    if (row.point->role != role) continue;
    const double e = std::abs(row.error());
    ++s.points;
    sum += e;
    if (s.worst.empty() || e > s.max_abs_error) {
      s.max_abs_error = e;
      s.worst = row.point->name;
    }
  }
  if (s.points > 0) s.mean_abs_error = sum / static_cast<double>(s.points);
  return s;
}

}  // namespace anesim
