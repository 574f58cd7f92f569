#include "ir/ops/einsum.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace anesim {

InferredOutputs einsum_outputs(const ShapeSite& at, ShapeInputs in, std::string_view equation) {
  const auto arrow = equation.find("->");
  const auto comma = equation.find(',');
  if (arrow == std::string::npos || comma == std::string::npos || comma > arrow) {
    at.fail("equation '" + std::string(equation) + "' is not of the form 'ab,bc->ac'");
  }
  const std::string_view eq(equation);
  const std::string_view terms[2] = {eq.substr(0, comma), eq.substr(comma + 1, arrow - comma - 1)};
  const std::string_view out_term = eq.substr(arrow + 2);
  // Each axis letter once, with its size, in the order first named. Both terms were checked
  // against their operands' ranks first, so there are at most 2 x k_max_rank letters: scanning
  // this short list is cheaper than clearing a table by letter (2 KB per einsum was most of the rule).
  std::array<char, 2 * Shape::k_max_rank> letters{};
  std::array<std::int64_t, 2 * Shape::k_max_rank> sizes{};
  std::size_t named = 0;
  auto size_of = [&](char letter) -> std::int64_t* {
    for (std::size_t j = 0; j < named; ++j) {
      if (letters[j] == letter) return &sizes[j];
    }
    return nullptr;
  };
  for (int k = 0; k < 2; ++k) {
    if (terms[k].size() != in[static_cast<std::size_t>(k)]->shape.rank()) {
      at.fail("operand " + std::to_string(k) + " has rank " + std::to_string(in[static_cast<std::size_t>(k)]->shape.rank()) +
              " but '" + std::string(terms[k]) + "' names " + std::to_string(terms[k].size()) + " axes");
    }
    for (std::size_t i = 0; i < terms[k].size(); ++i) {
      const auto d = in[static_cast<std::size_t>(k)]->shape[i];
      if (const std::int64_t* known = size_of(terms[k][i]); known == nullptr) {
        letters[named] = terms[k][i];
        sizes[named++] = d;
      } else if (*known != d) {
        at.fail(std::string("axis '") + terms[k][i] + "' is " + std::to_string(*known) + " in one operand and " +
                std::to_string(d) + " in the other");
      }
    }
  }
  std::array<std::int64_t, Shape::k_max_rank> out{};
  for (std::size_t i = 0; i < out_term.size(); ++i) {
    const std::int64_t* n = size_of(out_term[i]);
    if (n == nullptr) at.fail(std::string("output axis '") + out_term[i] + "' is in no operand");
    if (i < out.size()) out[i] = *n;
  }
  if (out_term.size() > out.size()) return one(Shape(std::vector<std::int64_t>(out_term.size(), 1)), in[0]->dtype);  // throws: rank
  return one(Shape(std::span<const std::int64_t>(out.data(), out_term.size())), in[0]->dtype);
}

double einsum_macs(const Graph& g, const Op& op) {
  const std::string_view eq = op.attrs.equation;
  const auto comma = eq.find(',');
  const auto arrow = eq.find("->");
  const std::string_view terms[2] = {eq.substr(0, comma), eq.substr(comma + 1, arrow - comma - 1)};
  // Each axis letter once, sized by the last operand naming it. A validated graph's terms name at
  // most Shape::k_max_rank axes each.
  std::array<char, 2 * Shape::k_max_rank> letters{};
  std::array<std::int64_t, 2 * Shape::k_max_rank> sizes{};
  std::size_t n = 0;
  for (int k = 0; k < 2; ++k) {
    const Shape& s = g.tensor(op.inputs[static_cast<std::size_t>(k)]).shape;
    for (std::size_t i = 0; i < terms[k].size() && i < s.rank(); ++i) {
      std::size_t j = 0;
      while (j < n && letters[j] != terms[k][i]) ++j;
      if (j == n) letters[n++] = terms[k][i];
      sizes[j] = s[i];
    }
  }
  // Multiplied in letter order, so the product rounds the same way whatever the equation's order.
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = i; j > 0 && letters[j] < letters[j - 1]; --j) {
      std::swap(letters[j], letters[j - 1]);
      std::swap(sizes[j], sizes[j - 1]);
    }
  }
  double macs = 1;
  for (std::size_t i = 0; i < n; ++i) macs *= static_cast<double>(sizes[i]);
  return macs;
}

}  // namespace anesim
