#include "core/si_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace anesim {

std::string si_text(double value, std::string_view unit, int max_prefixes) {
  static const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
  const int last = std::clamp(max_prefixes, 0, 5);
  int i = 0;
  while (i < last && std::fabs(value) >= 1000) {
    value /= 1000;
    ++i;
  }
  return fmt::format("{:.3g} {}{}", value, prefixes[i], unit);
}

std::string byte_text(double bytes) { return si_text(bytes, "B", 4); }

}  // namespace anesim
