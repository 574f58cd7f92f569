#include "sim/shape.hpp"

#include "sim/error.hpp"

namespace anesim {

namespace {
void check_dims(const std::vector<std::int64_t>& dims) {
  for (auto d : dims) {
    if (d <= 0) throw Error("shape has a non-positive dimension " + std::to_string(d), "every dimension must be >= 1");
  }
}
}  // namespace

Shape::Shape(std::initializer_list<std::int64_t> dims) : m_dims(dims) { check_dims(m_dims); }

Shape::Shape(std::vector<std::int64_t> dims) : m_dims(std::move(dims)) { check_dims(m_dims); }

std::int64_t Shape::elements() const {
  std::int64_t n = 1;
  for (auto d : m_dims) n *= d;
  return n;
}

std::size_t Shape::normalize_axis(std::int64_t axis) const {
  const auto r = static_cast<std::int64_t>(rank());
  const std::int64_t a = axis < 0 ? axis + r : axis;
  if (a < 0 || a >= r) {
    throw Error("axis " + std::to_string(axis) + " is out of range for shape " + to_string(),
                "use an axis in [" + std::to_string(-r) + ", " + std::to_string(r - 1) + "]");
  }
  return static_cast<std::size_t>(a);
}

std::string Shape::to_string() const {
  std::string text = "(";
  for (std::size_t i = 0; i < m_dims.size(); ++i) {
    if (i) text += ",";
    text += std::to_string(m_dims[i]);
  }
  return text + ")";
}

}  // namespace anesim
