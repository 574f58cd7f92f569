#pragma once
// What every shape rule in ir/ops/ shares: the op it is checking, for its errors, and a shape
// being edited. Inline, so a rule allocates nothing unless it throws (builders call one per op).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ir/graph.hpp"
#include "ir/shape_rules.hpp"

namespace anesim {

using ShapeInputs = std::span<const Tensor* const>;

// The op a rule is checking: its errors name it and its kind.
struct ShapeSite {
  std::string_view op;
  OpKind kind;

  // Throws anesim::Error: "op '<name>' (<kind>): <what>".
  [[noreturn]] void fail(const std::string& what) const;
  void need_inputs(ShapeInputs in, std::size_t min, std::size_t max) const {
    if (in.size() < min || in.size() > max) wrong_input_count(in.size(), min, max);
  }

 private:
  [[noreturn]] void wrong_input_count(std::size_t got, std::size_t min, std::size_t max) const;
};

// A shape being edited, inline like Shape itself (one axis over its maximum rank, so that a rule
// that adds an axis reaches Shape's own rank check).
class Dims {
 public:
  explicit Dims(const Shape& s) : m_rank(s.rank()) {
    for (std::size_t i = 0; i < m_rank; ++i) m_d[i] = s[i];
  }
  Dims(std::size_t rank, std::int64_t value) : m_rank(rank) { m_d.fill(value); }
  [[nodiscard]] std::size_t size() const { return m_rank; }
  std::int64_t& operator[](std::size_t i) { return m_d[i]; }
  std::int64_t operator[](std::size_t i) const { return m_d[i]; }
  std::int64_t& back() { return m_d[m_rank - 1]; }
  void erase(std::size_t i) {
    for (std::size_t k = i; k + 1 < m_rank; ++k) m_d[k] = m_d[k + 1];
    --m_rank;
  }
  void insert(std::size_t i, std::int64_t value) {
    for (std::size_t k = m_rank; k > i; --k) m_d[k] = m_d[k - 1];
    m_d[i] = value;
    ++m_rank;
  }
  void push_back(std::int64_t value) { m_d[m_rank++] = value; }
  [[nodiscard]] Shape shape() const { return Shape(std::span<const std::int64_t>(m_d.data(), m_rank)); }

 private:
  std::array<std::int64_t, Shape::k_max_rank + 1> m_d{};
  std::size_t m_rank;
};

inline InferredOutputs one(const Shape& shape, DType dtype) { return {shape, dtype, 1}; }

}  // namespace anesim
