#include "reports/units.hpp"

#include <cmath>

#include <fmt/format.h>

namespace anesim {

namespace {
std::string scaled(double value, const char* const* prefixes, int count, double step, const std::string& unit) {
  int i = 0;
  double v = value;
  while (i + 1 < count && std::fabs(v) >= step) {
    v /= step;
    ++i;
  }
  return fmt::format("{:.3g} {}{}", v, prefixes[i], unit);
}
}  // namespace

std::string format_seconds(double s) {
  if (s == 0) return "0 s";
  // Whole seconds up to a million (11.6 days); beyond, three digits and an exponent, not the
  // 308 digits of a 1e307 s latency.
  if (std::fabs(s) >= 1e6) return fmt::format("{:.3g} s", s);
  if (std::fabs(s) >= 100) return fmt::format("{:.0f} s", s);
  if (std::fabs(s) >= 1) return fmt::format("{:.3g} s", s);
  if (std::fabs(s) >= 1e-3) return fmt::format("{:.3g} ms", s * 1e3);
  if (std::fabs(s) >= 1e-6) return fmt::format("{:.3g} us", s * 1e6);
  return fmt::format("{:.3g} ns", s * 1e9);
}

std::string format_bytes(double bytes) {
  static const char* const prefixes[] = {"", "k", "M", "G", "T"};
  return scaled(bytes, prefixes, 5, 1000, "B");
}

std::string format_flops(double flops) {
  static const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
  return scaled(flops, prefixes, 6, 1000, "FLOP");
}

std::string format_rate(double per_s, const std::string& unit) {
  static const char* const prefixes[] = {"", "k", "M", "G", "T", "P"};
  return scaled(per_s, prefixes, 6, 1000, unit + "/s");
}

std::string format_count(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace anesim
