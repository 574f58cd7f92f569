#include "sim/op_kind.hpp"

#include <array>

namespace anesim {

namespace {
struct OpKindInfo {
  std::string_view name;
  OpClass cls;
  bool elementwise;
  bool on_ane;
};
// Indexed by OpKind; order must match the enum.
constexpr std::array<OpKindInfo, 29> k_kinds{{
    {"conv1x1", OpClass::mac, false, true},
    {"linear", OpClass::mac, false, true},
    {"matmul", OpClass::mac, false, true},
    {"einsum", OpClass::mac, false, true},
    {"conv2d", OpClass::mac, false, true},
    {"add", OpClass::vector, true, true},
    {"sub", OpClass::vector, true, true},
    {"mul", OpClass::vector, true, true},
    {"equal", OpClass::vector, true, true},
    {"select", OpClass::vector, true, true},
    {"cast", OpClass::vector, true, true},
    {"relu", OpClass::vector, true, true},
    {"gelu", OpClass::vector, true, true},
    {"silu", OpClass::vector, true, true},
    {"tanh", OpClass::vector, true, true},
    {"rsqrt", OpClass::vector, true, true},
    {"softmax", OpClass::vector, false, true},
    {"layer_norm", OpClass::vector, false, true},
    {"reduce_mean", OpClass::vector, false, true},
    {"transpose", OpClass::layout, false, true},
    {"reshape", OpClass::layout, false, true},
    {"expand_dims", OpClass::layout, false, true},
    {"squeeze", OpClass::layout, false, true},
    {"split", OpClass::layout, false, true},
    {"concat", OpClass::layout, false, true},
    {"slice", OpClass::layout, false, true},
    {"tile", OpClass::layout, false, true},
    {"slice_update", OpClass::layout, false, true},
    {"gather", OpClass::gather, false, false},
}};
const OpKindInfo& info(OpKind kind) { return k_kinds[static_cast<std::size_t>(kind)]; }
}  // namespace

std::string_view op_kind_name(OpKind kind) { return info(kind).name; }
OpClass op_class(OpKind kind) { return info(kind).cls; }
bool is_elementwise(OpKind kind) { return info(kind).elementwise; }
bool ane_has_op(OpKind kind) { return info(kind).on_ane; }

std::string_view op_class_name(OpClass cls) {
  switch (cls) {
    case OpClass::mac: return "mac";
    case OpClass::vector: return "vector";
    case OpClass::layout: return "layout";
    case OpClass::gather: return "gather";
  }
  return "?";
}

}  // namespace anesim
