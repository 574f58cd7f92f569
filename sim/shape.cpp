#include "sim/shape.hpp"

#include "sim/error.hpp"

namespace anesim {

template <class It>
void Shape::assign(It first, It last) {
  for (; first != last; ++first) {
    if (m_rank == k_max_rank) {
      throw Error("a tensor of rank above " + std::to_string(k_max_rank) + " is not supported", "reshape it to fewer axes");
    }
    if (*first <= 0) throw Error("shape has a non-positive dimension " + std::to_string(*first), "every dimension must be >= 1");
    m_dims[m_rank++] = *first;
  }
}

Shape::Shape(std::initializer_list<std::int64_t> dims) { assign(dims.begin(), dims.end()); }

Shape::Shape(const std::vector<std::int64_t>& dims) { assign(dims.begin(), dims.end()); }

Shape::Shape(std::span<const std::int64_t> dims) { assign(dims.begin(), dims.end()); }

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
  for (std::size_t i = 0; i < m_rank; ++i) {
    if (i) text += ",";
    text += std::to_string(m_dims[i]);
  }
  return text + ")";
}

}  // namespace anesim
