#include "ir/shape.hpp"

#include "core/error.hpp"

namespace anesim {

namespace {
template <class It>
std::string dims_text(It first, It last) {
  std::string text = "(";
  for (It it = first; it != last; ++it) text += (it == first ? "" : ",") + std::to_string(*it);
  return text + ")";
}
}  // namespace

template <class It>
void Shape::assign(It first, It last) {
  std::int64_t elements = 1;
  for (It it = first; it != last; ++it) {
    if (m_rank == k_max_rank) {
      throw Error("a tensor of rank above " + std::to_string(k_max_rank) + " is not supported", "reshape it to fewer axes");
    }
    if (*it <= 0) throw Error("shape has a non-positive dimension " + std::to_string(*it), "every dimension must be >= 1");
    // Checked as it multiplies: a product past 64 bits would otherwise wrap to a small or
    // negative size and every figure of the run would be wrong without a word.
    if (__builtin_mul_overflow(elements, *it, &elements) || elements > k_max_elements) {
      throw Error("a tensor of shape " + dims_text(first, last) + " has more than " + std::to_string(k_max_elements) +
                      " elements, the largest anesim accepts",
                  "use a smaller batch or sequence length (2^40 elements is 2 TiB at fp16, past any Apple device's memory)");
    }
    m_dims[m_rank++] = *it;
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
