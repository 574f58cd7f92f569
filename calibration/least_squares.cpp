#include "calibration/least_squares.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "calibration/dense_solve.hpp"

namespace anesim {

namespace {

double half_square_sum(std::span<const double> r) {
  double s = 0;
  for (double v : r) s += v * v;
  return 0.5 * s;
}

struct State {
  const LeastSquaresProblem& problem;
  std::size_t n;  // parameters
  std::size_t m;  // residuals

  std::vector<double> clamped(std::vector<double> x) const {
    for (std::size_t j = 0; j < n; ++j) x[j] = std::clamp(x[j], problem.lower[j], problem.upper[j]);
    return x;
  }
  std::vector<double> residuals(const std::vector<double>& x) const {
    std::vector<double> r(m);
    problem.residual(x, r);
    return r;
  }
  // Forward differences, backward where the forward step would leave the box.
  std::vector<double> jacobian(const std::vector<double>& x, const std::vector<double>& r, double step) const {
    std::vector<double> jac(m * n);
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> moved = x;
      const double h = x[j] + step <= problem.upper[j] ? step : -step;
      moved[j] += h;
      const std::vector<double> r_moved = residuals(moved);
      for (std::size_t i = 0; i < m; ++i) jac[i * n + j] = (r_moved[i] - r[i]) / h;
    }
    return jac;
  }
};

double column_norm(const std::vector<double>& jac, std::size_t m, std::size_t n, std::size_t j) {
  double s = 0;
  for (std::size_t i = 0; i < m; ++i) s += jac[i * n + j] * jac[i * n + j];
  return std::sqrt(s);
}

// J^T J and J^T r over the parameters `active` names, in its order.
void normal_equations(const std::vector<double>& jac, const std::vector<double>& r, std::size_t n,
                      const std::vector<std::size_t>& active, std::vector<double>& jtj, std::vector<double>& jtr) {
  const std::size_t k = active.size();
  const std::size_t m = r.size();
  jtj.assign(k * k, 0);
  jtr.assign(k, 0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t a = 0; a < k; ++a) {
      const double ja = jac[i * n + active[a]];
      jtr[a] += ja * r[i];
      for (std::size_t b = 0; b < k; ++b) jtj[a * k + b] += ja * jac[i * n + active[b]];
    }
  }
}

// A Jacobian column below this (in residual units per unit of x) is a parameter nothing sees: a
// log-parameter elasticity of 1e-9 moves a prediction by a billionth for a 100% change.
constexpr double k_blind_column = 1e-9;

void fill_uncertainty(LeastSquaresFit& fit, const LeastSquaresProblem& problem, std::size_t m, std::size_t n) {
  std::vector<std::size_t> free;
  for (std::size_t j = 0; j < n; ++j) {
    fit.at_bound.push_back(fit.x[j] <= problem.lower[j] || fit.x[j] >= problem.upper[j]);
    if (fit.identifiable[j] && !fit.at_bound[j]) free.push_back(j);
  }
  fit.standard_error.assign(n, 0);
  if (free.empty()) return;
  std::vector<double> jtj, jtr;
  normal_equations(fit.jacobian, fit.residuals, n, free, jtj, jtr);
  const double spare = static_cast<double>(m) - static_cast<double>(free.size());
  std::vector<double> inverse;
  const bool invertible = spare > 0 && invert_symmetric(jtj, free.size(), inverse);
  const double s2 = spare > 0 ? 2 * fit.cost / spare : 0;
  for (std::size_t a = 0; a < free.size(); ++a) {
    fit.standard_error[free[a]] =
        invertible ? std::sqrt(std::max(0.0, s2 * inverse[a * free.size() + a])) : std::numeric_limits<double>::infinity();
  }
}


struct Trial {
  bool accepted = false;
  std::vector<double> x, residuals;
  double cost = 0;
};

// Marquardt's damped Gauss-Newton step from fit.x over the active parameters, damping raised until
// the cost falls (a trust region in disguise) or twelve tries fail.
Trial damped_step(const State& st, const LeastSquaresFit& fit, const std::vector<std::size_t>& active,
                  const std::vector<double>& jtj, const std::vector<double>& jtr, double& lambda) {
  const std::size_t k = active.size();
  Trial t;
  for (int attempt = 0; attempt < 12; ++attempt) {
    std::vector<double> damped = jtj;
    for (std::size_t a = 0; a < k; ++a) damped[a * k + a] += lambda * std::max(jtj[a * k + a], 1e-12);
    std::vector<double> rhs(k), step;
    for (std::size_t a = 0; a < k; ++a) rhs[a] = -jtr[a];
    if (!solve_symmetric(damped, k, rhs, step)) {
      lambda *= 4;
      continue;
    }
    t.x = fit.x;
    for (std::size_t a = 0; a < k; ++a) t.x[active[a]] += step[a];
    t.x = st.clamped(std::move(t.x));
    t.residuals = st.residuals(t.x);
    t.cost = half_square_sum(t.residuals);
    if (t.cost < fit.cost) {
      t.accepted = true;
      lambda = std::max(lambda / 3, 1e-12);
      return t;
    }
    lambda *= 4;
  }
  return t;
}

}  // namespace

LeastSquaresFit solve_least_squares(const LeastSquaresProblem& problem, const LeastSquaresOptions& options) {
  const State st{problem, problem.initial.size(), problem.residual_count};
  const std::size_t n = st.n;
  const std::size_t m = st.m;
  LeastSquaresFit fit;
  fit.x = st.clamped(problem.initial);
  fit.residuals = st.residuals(fit.x);
  fit.cost = fit.initial_cost = half_square_sum(fit.residuals);
  fit.jacobian = st.jacobian(fit.x, fit.residuals, options.difference_step);
  fit.identifiable.assign(n, false);
  for (std::size_t j = 0; j < n; ++j) fit.identifiable[j] = column_norm(fit.jacobian, m, n, j) > k_blind_column;

  double lambda = 1e-3;
  while (fit.iterations < options.max_iterations && fit.cost > 0) {
    ++fit.iterations;
    // A parameter on a bound whose descent points out of the box sits this step out.
    std::vector<double> gradient(n, 0);
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < n; ++j) gradient[j] += fit.jacobian[i * n + j] * fit.residuals[i];
    }
    std::vector<std::size_t> active;
    for (std::size_t j = 0; j < n; ++j) {
      if (!fit.identifiable[j]) continue;
      if (fit.x[j] <= problem.lower[j] && gradient[j] > 0) continue;
      if (fit.x[j] >= problem.upper[j] && gradient[j] < 0) continue;
      active.push_back(j);
    }
    if (active.empty()) {
      fit.converged = true;
      break;
    }
    std::vector<double> jtj, jtr;
    normal_equations(fit.jacobian, fit.residuals, n, active, jtj, jtr);
    Trial trial = damped_step(st, fit, active, jtj, jtr, lambda);
    if (!trial.accepted) {  // no damping finds a lower cost: a minimum, to the differences' resolution
      fit.converged = true;
      break;
    }
    double moved = 0;
    for (std::size_t j = 0; j < n; ++j) moved = std::max(moved, std::abs(trial.x[j] - fit.x[j]));
    const double gain = (fit.cost - trial.cost) / fit.cost;
    fit.x = std::move(trial.x);
    fit.residuals = std::move(trial.residuals);
    fit.cost = trial.cost;
    fit.jacobian = st.jacobian(fit.x, fit.residuals, options.difference_step);
    if (gain < options.cost_tolerance || moved < options.step_tolerance) {
      fit.converged = true;
      break;
    }
  }
  if (fit.cost == 0) fit.converged = true;
  fill_uncertainty(fit, problem, m, n);
  return fit;
}

}  // namespace anesim
