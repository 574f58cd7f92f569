#include "ir/ops/shape_checks.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

void ShapeSite::fail(const std::string& what) const {
  throw Error(fmt::format("op '{}' ({}): {}", op, op_kind_name(kind), what),
              "fix the shapes wired into this op in the model builder or model file");
}

void ShapeSite::wrong_input_count(std::size_t got, std::size_t min, std::size_t max) const {
  fail("takes " + std::to_string(min) + (min == max ? "" : ".." + std::to_string(max)) + " inputs, got " +
       std::to_string(got));
}

}  // namespace anesim
