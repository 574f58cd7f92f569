#include "core/byte_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace anesim {

std::string byte_text(double bytes) {
  static const char* const units[] = {"B", "kB", "MB", "GB", "TB"};
  int i = 0;
  while (i < 4 && std::fabs(bytes) >= 1000) {
    bytes /= 1000;
    ++i;
  }
  return fmt::format("{:.3g} {}", bytes, units[i]);
}

}  // namespace anesim
