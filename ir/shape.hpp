#pragma once
// A tensor's logical shape, in the axis order of the framework that built it.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "ir/dtype.hpp"

namespace anesim {

// Dimensions live inline (no heap), since graphs copy shapes at every op; ranks above
// k_max_rank are rejected, and so are shapes of more than k_max_elements elements (checked
// while the shape is built, so elements() itself cannot overflow).
class Shape {
 public:
  static constexpr std::size_t k_max_rank = 8;
  // The element bound a tensor's storage has (ir/dtype.hpp says why 2^40).
  static constexpr std::int64_t k_max_elements = k_max_storage_elements;

  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims);
  explicit Shape(const std::vector<std::int64_t>& dims);
  explicit Shape(std::span<const std::int64_t> dims);

  [[nodiscard]] std::size_t rank() const { return m_rank; }
  [[nodiscard]] std::int64_t operator[](std::size_t axis) const { return m_dims[axis]; }
  [[nodiscard]] std::int64_t last() const { return m_rank == 0 ? 1 : m_dims[m_rank - 1]; }
  [[nodiscard]] std::int64_t elements() const {
    std::int64_t n = 1;
    for (std::size_t i = 0; i < m_rank; ++i) n *= m_dims[i];
    return n;
  }
  [[nodiscard]] std::vector<std::int64_t> dims() const { return {m_dims.begin(), m_dims.begin() + static_cast<std::ptrdiff_t>(m_rank)}; }
  // The dimensions without a copy (dims() allocates).
  [[nodiscard]] std::span<const std::int64_t> dim_span() const { return {m_dims.data(), m_rank}; }
  // Python-style negative axes are accepted; throws anesim::Error when out of range.
  [[nodiscard]] std::size_t normalize_axis(std::int64_t axis) const;
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b) {
    if (a.m_rank != b.m_rank) return false;
    for (std::size_t i = 0; i < a.m_rank; ++i) {
      if (a.m_dims[i] != b.m_dims[i]) return false;
    }
    return true;
  }

 private:
  template <class It>
  void assign(It first, It last);

  std::array<std::int64_t, k_max_rank> m_dims{};
  std::size_t m_rank = 0;
};

}  // namespace anesim
