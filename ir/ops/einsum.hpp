#pragma once
// einsum's two rules, out of line: they walk the equation's axis letters.
#include <string_view>

#include "ir/ops/shape_checks.hpp"

namespace anesim {

// The output of a two-operand equation such as "ab,bc->ac"; throws through `at` when the
// equation or the operands' sizes do not fit.
[[nodiscard]] InferredOutputs einsum_outputs(const ShapeSite& at, ShapeInputs in, std::string_view equation);
// Multiply-accumulates: the product of every named axis's size.
[[nodiscard]] double einsum_macs(const Graph& g, const Op& op);

}  // namespace anesim
