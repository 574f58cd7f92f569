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

// The one rule for an op (its three times) and a run (the shares of its latency spent in each
// regime): the largest term names the regime. On a tie the fixed overhead wins, then compute
// before bandwidth: work has to take longer than the fixed cost to be what limits, and at the
// roofline's ridge point compute is the limit (docs/modelling-rules.md rule 6).
[[nodiscard]] constexpr Regime dominant_regime(double compute, double bandwidth, double overhead) {
  if (overhead >= compute && overhead >= bandwidth) return Regime::overhead;
  return compute >= bandwidth ? Regime::compute : Regime::bandwidth;
}

}  // namespace anesim
