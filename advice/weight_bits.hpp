#pragma once
// Bits per weight, for "narrower than": int4 < int8 < fp16 < fp32.
#include "ir/dtype.hpp"

namespace anesim {

[[nodiscard]] constexpr int weight_bits(DType t) {
  switch (t) {
    case DType::int4: return 4;
    case DType::int8: case DType::uint8: return 8;
    case DType::fp16: return 16;
    default: return 32;
  }
}

}  // namespace anesim
