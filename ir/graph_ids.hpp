#pragma once
// The ids of a graph's ops and tensors: indices into its flat arrays (ir/graph.hpp).
#include <cstdint>

namespace anesim {

using TensorId = std::int32_t;
using OpId = std::int32_t;
constexpr std::int32_t k_none = -1;

}  // namespace anesim
