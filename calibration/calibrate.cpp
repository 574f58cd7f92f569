#include "calibration/calibrate.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>

#include "calibration/free_parameters.hpp"
#include "calibration/least_squares.hpp"
#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "models/simulate.hpp"

namespace anesim {

namespace {

// One point's runs, their graphs built once: a fit changes the chip, never the graph
// (models/simulate.hpp's split), so each evaluation is run_graph alone.
struct PointRuns {
  const ValidationPoint* point;
  std::vector<RunRequest> requests;  // one per power state averaged
  Graph graph;

  double predict(const ChipSpec& chip) const {
    double sum = 0;
    for (const RunRequest& request : requests) {
      const RunResult r = run_graph(graph, point->model, chip, request);
      sum += point->metric == PointMetric::latency ? r.totals.latency_s : static_cast<double>(r.totals.peak_memory_bytes);
    }
    return sum / static_cast<double>(requests.size());
  }
};

PointRuns runs_of(const ValidationPoint& point) {
  PointRuns runs{&point, {}, {}};
  for (const std::string& state : point.power_states) {
    RunRequest request = point.request;
    request.keep_ops = false;
    request.power_state = state;
    runs.requests.push_back(std::move(request));
  }
  try {
    runs.graph = build_graph(point.model, runs.requests.front());
  } catch (const Error& e) {
    throw Error("point '" + point.name + "': " + e.message(), e.hint(), point.where);
  }
  return runs;
}

class Problem {
 public:
  Problem(const ChipSpec& chip, std::vector<const ChipField*> fields, std::vector<PointRuns> runs)
      : m_chip(chip), m_fields(std::move(fields)), m_runs(std::move(runs)) {}

  [[nodiscard]] std::size_t points() const { return m_runs.size(); }
  [[nodiscard]] const PointRuns& runs(std::size_t i) const { return m_runs[i]; }

  [[nodiscard]] ChipSpec chip_at(std::span<const double> log_values) const {
    ChipSpec chip = m_chip;
    for (std::size_t j = 0; j < m_fields.size(); ++j) {
      // exp(log(x)) may round past x: a value on the box's edge is the edge, exactly.
      const FitRange range = fit_range(*m_fields[j]);
      const double value = log_values[j] <= std::log(range.lower)   ? range.lower
                           : log_values[j] >= std::log(range.upper) ? range.upper
                                                                     : std::exp(log_values[j]);
      set_chip_field(chip, *m_fields[j], std::clamp(value, range.lower, range.upper));
    }
    return chip;
  }

  // log(predicted / measured) of the points in `rows`, on `threads` threads.
  void residuals(std::span<const double> log_values, const std::vector<std::size_t>& rows, std::span<double> out,
                 unsigned threads) const {
    const ChipSpec chip = chip_at(log_values);
    parallel_for(rows.size(), threads, [&](std::size_t k) {
      const PointRuns& r = m_runs[rows[k]];
      out[k] = std::log(r.predict(chip) / r.point->measured);
    });
  }

  [[nodiscard]] LeastSquaresProblem least_squares(const std::vector<std::size_t>& rows, std::vector<double> start,
                                                  unsigned threads) const {
    LeastSquaresProblem p;
    p.residual_count = rows.size();
    p.initial = std::move(start);
    for (const ChipField* f : m_fields) {
      const FitRange range = fit_range(*f);
      p.lower.push_back(std::log(range.lower));
      p.upper.push_back(std::log(range.upper));
    }
    p.residual = [this, rows, threads](std::span<const double> x, std::span<double> r) { residuals(x, rows, r, threads); };
    return p;
  }

 private:
  ChipSpec m_chip;
  std::vector<const ChipField*> m_fields;
  std::vector<PointRuns> m_runs;
};


std::vector<const ChipField*> fields_to_fit(const CalibrationOptions& options) {
  const std::vector<std::string>& names = options.fit.empty() ? default_free_parameters() : options.fit;
  std::vector<const ChipField*> fields;
  for (const std::string& name : names) {
    const ChipField* f = &fittable_field(name);
    if (std::find(fields.begin(), fields.end(), f) != fields.end()) throw Error("chip parameter '" + name + "' named twice", "name each parameter once");
    fields.push_back(f);
  }
  return fields;
}

// Point i predicted by a fit to every other point, started from the full fit.
double refit_without(const Problem& problem, const LeastSquaresFit& full, std::size_t i) {
  std::vector<std::size_t> rows;
  for (std::size_t k = 0; k < problem.points(); ++k) {
    if (k != i) rows.push_back(k);
  }
  const LeastSquaresFit fit = solve_least_squares(problem.least_squares(rows, full.x, 1));
  return problem.runs(i).predict(problem.chip_at(fit.x));
}

// Each point left out in turn, refitted from the full fit (its optimum moves little without one
// point, so a few iterations converge), predicted by the fit that never saw it.
void leave_one_out(const Problem& problem, const LeastSquaresFit& full, Calibration& c, const CalibrationOptions& options) {
  const std::size_t n = problem.points();
  std::atomic<std::size_t> done{0};
  std::mutex progress_lock;
  // The points run in parallel, each fit on one thread: n fits keep both cores busy without
  // splitting each evaluation.
  const std::size_t parameters = full.x.size();
  parallel_for(n, hardware_threads(), [&](std::size_t i) {
    // A point no fitted parameter moves (peak memory under timing parameters) adds a constant to
    // the cost: the fit without it is the full fit.
    const auto row = full.jacobian.begin() + static_cast<std::ptrdiff_t>(i * parameters);
    if (std::all_of(row, row + static_cast<std::ptrdiff_t>(parameters), [](double d) { return d == 0; })) {
      c.points[i].predicted_left_out = c.points[i].predicted_after;
    } else {
      c.points[i].predicted_left_out = refit_without(problem, full, i);
    }
    const std::size_t finished = ++done;
    if (options.progress) {
      const std::lock_guard<std::mutex> hold(progress_lock);
      options.progress("leave-one-out", finished, n);
    }
  });
}

}  // namespace

double CalibratedPoint::error_before() const { return predicted_before / point->measured - 1; }
double CalibratedPoint::error_after() const { return predicted_after / point->measured - 1; }
double CalibratedPoint::error_left_out() const { return predicted_left_out / point->measured - 1; }

Calibration calibrate(const ValidationSet& set, const ChipSpec& chip, const CalibrationOptions& options) {
  Calibration c;
  c.before = chip;
  c.measurements_file = set.source_file;
  const std::vector<const ChipField*> fields = fields_to_fit(options);
  std::vector<PointRuns> runs;
  for (const ValidationPoint& point : set.points) {
    if (point.chip.name != chip.name) {
      ++c.points_on_other_chips;
      continue;
    }
    runs.push_back(runs_of(point));
  }
  if (runs.empty()) {
    throw Error("no point of '" + set.source_file + "' is on chip '" + chip.name + "'",
                "calibrate a chip the file measures (each point's chip: key), or add points on " + chip.name, {set.source_file, 0, 0});
  }
  const Problem problem(chip, fields, std::move(runs));
  std::vector<double> start;
  for (const ChipField* f : fields) {
    const FitRange range = fit_range(*f);
    start.push_back(std::log(std::clamp(chip_field_value(chip, *f), range.lower, range.upper)));
  }
  std::vector<std::size_t> all(problem.points());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const LeastSquaresFit fit = solve_least_squares(problem.least_squares(all, start, hardware_threads()));
  if (options.progress) options.progress("fit", fit.iterations, fit.iterations);
  c.after = problem.chip_at(fit.x);
  c.iterations = fit.iterations;
  c.converged = fit.converged;
  for (std::size_t j = 0; j < fields.size(); ++j) {
    const ChipField& f = *fields[j];
    c.parameters.push_back({f.name, f.section, f.key, chip_field_value(chip, f), chip_field_value(c.after, f),
                            fit.identifiable[j] ? fit.standard_error[j] : 0, static_cast<bool>(fit.identifiable[j]),
                            static_cast<bool>(fit.at_bound[j])});
  }
  for (std::size_t i = 0; i < problem.points(); ++i) {
    const PointRuns& r = problem.runs(i);
    c.points.push_back({r.point, r.predict(chip), r.predict(c.after), 0});
  }
  c.leave_one_out = options.leave_one_out && problem.points() > 1;
  if (c.leave_one_out) leave_one_out(problem, fit, c, options);
  return c;
}

CalibrationError calibration_error(const Calibration& c, CalibrationColumn column, PointMetric metric) {
  CalibrationError e;
  double sum = 0, log_sum = 0;
  for (const CalibratedPoint& p : c.points) {
    if (p.point->metric != metric) continue;
    const double predicted = column == CalibrationColumn::before  ? p.predicted_before
                             : column == CalibrationColumn::after ? p.predicted_after
                                                                  : p.predicted_left_out;
    const double log_ratio = std::abs(std::log(predicted / p.point->measured));
    ++e.points;
    sum += std::abs(predicted / p.point->measured - 1);
    log_sum += log_ratio;
    e.worst_ratio = std::max(e.worst_ratio, std::exp(log_ratio));
  }
  if (e.points > 0) {
    e.mean_abs = sum / static_cast<double>(e.points);
    e.geomean_abs = std::exp(log_sum / static_cast<double>(e.points)) - 1;
  }
  return e;
}

}  // namespace anesim
