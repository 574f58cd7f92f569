#include "reports/units.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/si_text.hpp"

namespace anesim {

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

std::string format_bytes(double bytes) { return byte_text(bytes); }

std::string format_flops(double flops) { return si_text(flops, "FLOP", 5); }

std::string format_rate(double per_s, const std::string& unit) { return si_text(per_s, unit + "/s", 5); }

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
