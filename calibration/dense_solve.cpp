#include "calibration/dense_solve.hpp"

#include <algorithm>
#include <cmath>

namespace anesim {

namespace {

// a = L L^T, L lower-triangular in `l`.
bool cholesky(const std::vector<double>& a, std::size_t k, std::vector<double>& l) {
  double largest = 0;
  for (std::size_t i = 0; i < k; ++i) largest = std::max(largest, std::abs(a[i * k + i]));
  l.assign(k * k, 0);
  for (std::size_t j = 0; j < k; ++j) {
    double d = a[j * k + j];
    for (std::size_t p = 0; p < j; ++p) d -= l[j * k + p] * l[j * k + p];
    if (!(d > 1e-14 * largest)) return false;
    l[j * k + j] = std::sqrt(d);
    for (std::size_t i = j + 1; i < k; ++i) {
      double s = a[i * k + j];
      for (std::size_t p = 0; p < j; ++p) s -= l[i * k + p] * l[j * k + p];
      l[i * k + j] = s / l[j * k + j];
    }
  }
  return true;
}

// L L^T x = b, given L.
std::vector<double> substitute(const std::vector<double>& l, std::size_t k, std::vector<double> b) {
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t p = 0; p < i; ++p) b[i] -= l[i * k + p] * b[p];
    b[i] /= l[i * k + i];
  }
  for (std::size_t i = k; i-- > 0;) {
    for (std::size_t p = i + 1; p < k; ++p) b[i] -= l[p * k + i] * b[p];
    b[i] /= l[i * k + i];
  }
  return b;
}

}  // namespace

bool solve_symmetric(const std::vector<double>& a, std::size_t k, const std::vector<double>& b, std::vector<double>& x) {
  std::vector<double> l;
  if (!cholesky(a, k, l)) return false;
  x = substitute(l, k, b);
  return true;
}

bool invert_symmetric(const std::vector<double>& a, std::size_t k, std::vector<double>& inverse) {
  std::vector<double> l;
  if (!cholesky(a, k, l)) return false;
  inverse.assign(k * k, 0);
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<double> e(k, 0);
    e[c] = 1;
    const std::vector<double> col = substitute(l, k, std::move(e));
    for (std::size_t r = 0; r < k; ++r) inverse[r * k + c] = col[r];
  }
  return true;
}

}  // namespace anesim
