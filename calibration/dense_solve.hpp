#pragma once
// The small dense linear algebra a least-squares fit needs: symmetric positive definite systems of
// a few dozen unknowns (normal equations), by Cholesky factorisation. Row-major storage.
#include <cstddef>
#include <vector>

namespace anesim {

// Solves a x = b for a symmetric positive definite a (k x k). False when a is not positive
// definite to working precision (a pivot below 1e-14 of the largest diagonal entry): the system
// does not determine x.
[[nodiscard]] bool solve_symmetric(const std::vector<double>& a, std::size_t k, const std::vector<double>& b, std::vector<double>& x);
// a^-1 for a symmetric positive definite a, under the same condition.
[[nodiscard]] bool invert_symmetric(const std::vector<double>& a, std::size_t k, std::vector<double>& inverse);

}  // namespace anesim
