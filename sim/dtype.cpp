#include "sim/dtype.hpp"

#include <array>

#include "sim/error.hpp"

namespace anesim {

namespace {
struct DTypeInfo {
  DType type;
  std::string_view name;
  std::int64_t bytes;
};
// A bool tensor is one byte per element, as Core ML and PyTorch store it.
constexpr std::array<DTypeInfo, 6> k_dtypes{{{DType::fp16, "fp16", 2},
                                            {DType::fp32, "fp32", 4},
                                            {DType::int32, "int32", 4},
                                            {DType::int8, "int8", 1},
                                            {DType::uint8, "uint8", 1},
                                            {DType::boolean, "bool", 1}}};
}  // namespace

std::int64_t dtype_bytes(DType type) { return k_dtypes[static_cast<std::size_t>(type)].bytes; }

std::string_view dtype_name(DType type) { return k_dtypes[static_cast<std::size_t>(type)].name; }

DType parse_dtype(std::string_view name) {
  std::string valid;
  for (const auto& info : k_dtypes) {
    if (info.name == name) return info.type;
    valid += (valid.empty() ? "" : ", ") + std::string(info.name);
  }
  throw Error("unknown dtype '" + std::string(name) + "'", "use one of: " + valid);
}

}  // namespace anesim
