#pragma once
// Bounded nonlinear least squares (Levenberg-Marquardt with Marquardt's diagonal scaling and a
// forward-difference Jacobian), for a handful of parameters and a few hundred residuals: the size
// of a calibration. Knows nothing of chips; calibration/calibrate.cpp supplies the residuals.
//
// Why finite differences: the residuals come from a simulator whose latency is a sum of max()es
// (compute vs memory, per op): piecewise smooth, with no analytic derivative to hand. Why bounds
// by projection: every chip parameter has a physical range (chip/chip_fields.def), and a step that
// leaves it is clipped back, the parameter then reported at its bound.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace anesim {

// r(x) for the x the solver tries, written into `residuals` (its size fixed by the problem).
using ResidualFunction = std::function<void(std::span<const double> x, std::span<double> residuals)>;

struct LeastSquaresProblem {
  ResidualFunction residual;
  std::size_t residual_count = 0;
  std::vector<double> initial;  // one per parameter
  std::vector<double> lower;    // bounds, inclusive; initial must lie within
  std::vector<double> upper;
};

struct LeastSquaresOptions {
  std::size_t max_iterations = 60;
  // Forward-difference step in x's units. Calibration fits log parameters, so 1e-4 is a 0.01%
  // change: small against any kink's spacing, large against the simulator's round-off (~1e-15).
  double difference_step = 1e-4;
  // Converged when an accepted step lowers the cost by less than this share of it, or moves no
  // parameter by more than step_tolerance. A calibration's residuals are log ratios: a millionth
  // of the cost is far below a measurement's own error, and a fit whose parameters trade off
  // (launch vs hand-over costs) crawls along its valley for dozens of steps at tighter settings.
  double cost_tolerance = 1e-6;
  double step_tolerance = 1e-9;
};

struct LeastSquaresFit {
  std::vector<double> x;
  std::vector<double> residuals;  // at x
  double cost = 0;                // 0.5 * sum of squared residuals at x
  double initial_cost = 0;
  // d residual_i / d x_j at x, row-major (residual_count x parameters).
  std::vector<double> jacobian;
  // A parameter no residual responds to (its Jacobian column is zero at the start and at x): the
  // data cannot identify it, so it is left at its initial value.
  std::vector<bool> identifiable;
  std::vector<bool> at_bound;  // x sits on its lower or upper bound
  // One standard error of each x from the curvature at the optimum, s^2 (J^T J)^-1 with
  // s^2 = 2 cost / (residuals - free parameters); 0 for a parameter not identified, and infinity
  // when the points cannot separate it from the others (J^T J singular) or there are no spare
  // residuals.
  std::vector<double> standard_error;
  std::size_t iterations = 0;
  bool converged = false;
};

[[nodiscard]] LeastSquaresFit solve_least_squares(const LeastSquaresProblem& problem, const LeastSquaresOptions& options = {});

}  // namespace anesim
