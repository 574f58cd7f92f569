#pragma once
// A tensor's logical shape, in the axis order of the framework that built it.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace anesim {

class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims);
  explicit Shape(std::vector<std::int64_t> dims);

  [[nodiscard]] std::size_t rank() const { return m_dims.size(); }
  [[nodiscard]] std::int64_t operator[](std::size_t axis) const { return m_dims[axis]; }
  [[nodiscard]] std::int64_t last() const { return m_dims.empty() ? 1 : m_dims.back(); }
  [[nodiscard]] std::int64_t elements() const;
  [[nodiscard]] const std::vector<std::int64_t>& dims() const { return m_dims; }
  // Python-style negative axes are accepted; throws anesim::Error when out of range.
  [[nodiscard]] std::size_t normalize_axis(std::int64_t axis) const;
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Shape&, const Shape&) = default;

 private:
  std::vector<std::int64_t> m_dims;
};

}  // namespace anesim
