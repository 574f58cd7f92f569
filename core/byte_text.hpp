#pragma once
// Bytes for people, in the one form every layer prints them: the simulator's fit reasons
// (sim/device_fit.cpp) and the reports' tables (reports/units.hpp) must agree on it.
#include <string>

namespace anesim {

// Three significant digits in decimal units, B to TB (kB = 1000 bytes): "86.6 MB", "512 B".
[[nodiscard]] std::string byte_text(double bytes);

}  // namespace anesim
