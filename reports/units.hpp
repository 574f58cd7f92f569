#pragma once
// Unit conversion for people, used only at the edges (tables, Markdown). Inside, SI units.
#include <cstdint>
#include <string>

namespace anesim {

[[nodiscard]] std::string format_seconds(double seconds);     // "3.47 ms", "12.1 us"
[[nodiscard]] std::string format_bytes(double bytes);         // "86.6 MB" (decimal units)
[[nodiscard]] std::string format_flops(double flops);         // "11.17 GFLOP"
[[nodiscard]] std::string format_count(std::int64_t n);      // "66,955,010"
[[nodiscard]] std::string format_rate(double per_s, const std::string& unit);  // "15.8 T<unit>/s"

}  // namespace anesim
