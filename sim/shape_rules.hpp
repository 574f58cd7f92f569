#pragma once
// Output shapes and dtypes each op kind produces from its inputs. The graph checks declared
// outputs against these rules, so a builder cannot wire a shape that does not match.
#include <vector>

#include "sim/graph.hpp"

namespace anesim {

struct InferredOutput {
  Shape shape;
  DType dtype;
};

// Throws anesim::Error (naming the op) when the inputs do not fit the op.
[[nodiscard]] std::vector<InferredOutput> infer_outputs(const std::string& op_name, OpKind kind,
                                                        const std::vector<const Tensor*>& inputs,
                                                        const OpAttrs& attrs);

}  // namespace anesim
