#include "ir/op_kind.hpp"

namespace anesim {

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
