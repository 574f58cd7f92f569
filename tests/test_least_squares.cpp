// The calibration's solver on problems whose answers are known in closed form.
#include <doctest/doctest.h>

#include <cmath>

#include "calibration/dense_solve.hpp"
#include "calibration/least_squares.hpp"

using namespace anesim;

TEST_CASE("Cholesky solves and inverts a symmetric positive definite system, and refuses a singular one") {
  // [[4, 2], [2, 3]] x = [2, 1]: det 8, x = [(2*3 - 2*1)/8, (4*1 - 2*2)/8] = [0.5, 0].
  std::vector<double> x;
  REQUIRE(solve_symmetric({4, 2, 2, 3}, 2, {2, 1}, x));
  CHECK(x[0] == doctest::Approx(0.5));
  CHECK(x[1] == doctest::Approx(0).epsilon(1e-12));
  std::vector<double> inv;
  REQUIRE(invert_symmetric({4, 2, 2, 3}, 2, inv));  // [[3, -2], [-2, 4]] / 8
  CHECK(inv[0] == doctest::Approx(0.375));
  CHECK(inv[1] == doctest::Approx(-0.25));
  CHECK(inv[3] == doctest::Approx(0.5));
  CHECK_FALSE(solve_symmetric({1, 1, 1, 1}, 2, {1, 1}, x));  // rank 1
}

TEST_CASE("an exponential decay is recovered from its samples") {
  // y_t = 2 exp(-0.5 t), t = 0..9, fitted from (1, 0): a curved valley Gauss-Newton alone can
  // overshoot; the damping must bring it to (2, -0.5) exactly (the data has no noise).
  LeastSquaresProblem p;
  p.residual_count = 10;
  p.initial = {1, 0};
  p.lower = {-10, -10};
  p.upper = {10, 10};
  p.residual = [](std::span<const double> x, std::span<double> r) {
    for (std::size_t t = 0; t < r.size(); ++t) {
      const double td = static_cast<double>(t);
      r[t] = x[0] * std::exp(x[1] * td) - 2 * std::exp(-0.5 * td);
    }
  };
  const LeastSquaresFit fit = solve_least_squares(p);
  CHECK(fit.converged);
  CHECK(fit.x[0] == doctest::Approx(2).epsilon(1e-5));
  CHECK(fit.x[1] == doctest::Approx(-0.5).epsilon(1e-5));
  CHECK(fit.cost < 1e-12);
  CHECK(fit.initial_cost > 1);
}

TEST_CASE("a straight line's standard errors are the textbook ones") {
  // y = 1, 3, 2, 5 at t = 0..3. t mean 1.5, y mean 2.75, Sxx = 5, Sxy = 5.5: b = 1.1, a = 1.1.
  // Residuals 0.1, -0.8, 1.3, -0.6: SSR 2.7, s^2 = 2.7 / (4 - 2) = 1.35.
  // se(b) = sqrt(s^2 / Sxx) = sqrt(0.27) = 0.5196; se(a) = sqrt(s^2 (1/4 + 1.5^2/5)) = sqrt(0.945) = 0.9721.
  const double y[] = {1, 3, 2, 5};
  LeastSquaresProblem p;
  p.residual_count = 4;
  p.initial = {0, 0};
  p.lower = {-100, -100};
  p.upper = {100, 100};
  p.residual = [&](std::span<const double> x, std::span<double> r) {
    for (std::size_t t = 0; t < 4; ++t) r[t] = x[0] + x[1] * static_cast<double>(t) - y[t];
  };
  const LeastSquaresFit fit = solve_least_squares(p);
  CHECK(fit.x[0] == doctest::Approx(1.1).epsilon(1e-6));
  CHECK(fit.x[1] == doctest::Approx(1.1).epsilon(1e-6));
  CHECK(fit.cost == doctest::Approx(1.35).epsilon(1e-6));  // half of 2.7
  CHECK(fit.standard_error[0] == doctest::Approx(0.9721).epsilon(1e-3));
  CHECK(fit.standard_error[1] == doctest::Approx(0.5196).epsilon(1e-3));
}

TEST_CASE("a parameter no residual sees is left alone, and a bound holds") {
  // r = x0 - 5, x1 unused, x0 boxed in [0, 3]: x0 ends on its bound, x1 where it started.
  LeastSquaresProblem p;
  p.residual_count = 2;
  p.initial = {1, 0.25};
  p.lower = {0, 0};
  p.upper = {3, 1};
  p.residual = [](std::span<const double> x, std::span<double> r) { r[0] = r[1] = x[0] - 5; };
  const LeastSquaresFit fit = solve_least_squares(p);
  CHECK(fit.x[0] == 3);
  CHECK(fit.at_bound[0]);
  CHECK(fit.identifiable[0]);
  CHECK_FALSE(fit.identifiable[1]);
  CHECK(fit.x[1] == 0.25);
  CHECK(fit.standard_error[1] == 0);
}
