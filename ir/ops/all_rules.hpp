#pragma once
// Every op kind's rules, for the dispatch switches; checks that each kind in op_kinds.def has them.
#include "ir/ops/conv.hpp"
#include "ir/ops/elementwise.hpp"
#include "ir/ops/gather.hpp"
#include "ir/ops/layout.hpp"
#include "ir/ops/mac.hpp"
#include "ir/ops/pooling.hpp"
#include "ir/ops/reductions.hpp"
#include "ir/ops/unsupported.hpp"

namespace anesim {

#define ANESIM_OP_KIND(name, ...)                                                                      \
  static_assert(HasOpRules<OpKind::name>, "op kind '" #name "' has no rules: specialise OpRules<OpKind::" #name \
                                          "> with infer, flops and copies in its class's file in ir/ops/");
#include "ir/ops/op_kinds.def"

}  // namespace anesim
