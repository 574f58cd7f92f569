#pragma once
// Quantities for people, in the one form every layer prints them: three significant digits and a
// decimal SI prefix. The simulator's fit reasons (sim/device_fit.cpp) and the reports' tables
// (reports/units.hpp) must agree on it.
#include <string>
#include <string_view>

namespace anesim {

// `value` scaled by 1000 per prefix ("", k, M, G, T, P), up to `max_prefixes` of them, then
// "{:.3g} {prefix}{unit}": si_text(2.5e12, "FLOP", 5) is "2.5 PFLOP".
[[nodiscard]] std::string si_text(double value, std::string_view unit, int max_prefixes);
// Bytes, B to TB (kB = 1000 bytes): "86.6 MB", "512 B".
[[nodiscard]] std::string byte_text(double bytes);

}  // namespace anesim
