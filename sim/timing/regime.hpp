#pragma once
// modelling rule 6: what limits an op or a run.
#include <cstdint>
#include <string_view>

namespace anesim {

enum class Regime : std::uint8_t { compute, bandwidth, overhead };

[[nodiscard]] constexpr std::string_view regime_name(Regime r) {
  switch (r) {
    case Regime::compute: return "compute-bound";
    case Regime::bandwidth: return "bandwidth-bound";
    case Regime::overhead: return "overhead-bound";
  }
  return "?";
}

}  // namespace anesim
