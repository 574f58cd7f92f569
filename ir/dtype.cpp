#include "ir/dtype.hpp"

#include <array>

#include "core/error.hpp"
#include "core/choice_list.hpp"

namespace anesim {

namespace {
struct DTypeInfo {
  DType type;
  std::string_view name;
  std::int64_t bits;
};
// A bool tensor is one byte per element, as Core ML and PyTorch store it.
constexpr std::array<DTypeInfo, 7> k_dtypes{{{DType::fp16, "fp16", 16},
                                            {DType::fp32, "fp32", 32},
                                            {DType::int32, "int32", 32},
                                            {DType::int8, "int8", 8},
                                            {DType::uint8, "uint8", 8},
                                            {DType::boolean, "bool", 8},
                                            {DType::int4, "int4", 4}}};
// The header's inline bit widths must agree with this table.
static_assert([] {
  for (const auto& info : k_dtypes) {
    if (info.bits != k_dtype_bits[static_cast<std::size_t>(info.type)]) return false;
  }
  return k_dtypes.size() == k_dtype_bits.size();
}());
}  // namespace

std::string_view dtype_name(DType type) { return k_dtypes[static_cast<std::size_t>(type)].name; }

void throw_storage_size_error(std::int64_t elements, DType type) {
  throw Error("the storage of " + std::to_string(elements) + " " + std::string(dtype_name(type)) +
                  " elements is out of range: anesim accepts 0 to " + std::to_string(k_max_storage_elements) + " elements a tensor",
              "use a smaller batch or sequence length");
}

DType parse_dtype(std::string_view name) {
  for (const auto& info : k_dtypes) {
    if (info.name == name) return info.type;
  }
  throw Error("unknown dtype '" + std::string(name) + "'", "use one of: " + choice_list(k_dtypes, &DTypeInfo::name));
}

}  // namespace anesim
