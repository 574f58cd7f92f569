#pragma once
// The rules of one op kind: how its inputs shape its outputs, what it computes, and (a layout op)
// whether it moves data. Each kind listed in ir/ops/op_kinds.def has one specialisation of
// OpRules, in its class's file (mac.hpp, elementwise.hpp, reductions.hpp, layout.hpp, gather.hpp):
//
//   static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a);
//   static OpFlops flops(const Graph& g, const Op& op);
//   static bool copies(const Graph& g, const Op& op);
//
// The dispatch switches (infer_outputs, op_flops, layout_op_copies) are generated from the .def
// with no default branch and call these statically, so they inline: no table of function
// pointers, no virtual call on the hot path.
#include <concepts>

#include "ir/op_cost.hpp"
#include "ir/ops/shape_checks.hpp"

namespace anesim {

// No primary definition: a kind without a specialisation is an incomplete type, so the
// static_asserts of all_rules.hpp and every dispatch switch fail to compile at that kind.
template <OpKind K>
struct OpRules;

template <OpKind K>
concept HasOpRules = requires(const ShapeSite& at, ShapeInputs in, const OpAttrs& a, const Graph& g, const Op& op) {
  { OpRules<K>::infer(at, in, a) } -> std::same_as<InferredOutputs>;
  { OpRules<K>::flops(g, op) } -> std::same_as<OpFlops>;
  { OpRules<K>::copies(g, op) } -> std::same_as<bool>;
};

inline double tensor_elements(const Graph& g, TensorId t) { return static_cast<double>(g.tensor(t).shape.elements()); }
inline double output_elements(const Graph& g, const Op& op) {
  return op.outputs.empty() ? 0 : tensor_elements(g, op.outputs[0]);
}

// MAC, vector and gather ops compute a new tensor: whether an op only relabels or moves its
// input's bytes (rule 2) is a question for layout ops alone.
struct ComputeOp {
  static constexpr bool copies(const Graph&, const Op&) { return false; }
};

}  // namespace anesim
