#include "ir/shape_rules.hpp"

#include "ir/ops/all_rules.hpp"

namespace anesim {

InferredOutputs infer_outputs(std::string_view op, OpKind kind, std::span<const Tensor* const> in, const OpAttrs& a) {
  const ShapeSite at{op, kind};
  switch (kind) {
#define ANESIM_OP_KIND(name, ...) \
  case OpKind::name: return OpRules<OpKind::name>::infer(at, in, a);
#include "ir/ops/op_kinds.def"
  }
  at.fail("unknown op kind");
}

}  // namespace anesim
