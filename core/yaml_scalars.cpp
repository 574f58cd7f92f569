#include "core/yaml_scalars.hpp"

#include <charconv>

#include <yaml-cpp/yaml.h>

namespace anesim {

namespace {

// `-?digits[.digits][(e|E)[+|-]digits]`, or with the digits before the point left out: a spelling
// that std::from_chars and yaml-cpp's stream (strtod) both read whole, to the same correctly
// rounded double.
bool is_simple_decimal(const std::string& s) {
  std::size_t i = s.empty() || s[0] != '-' ? 0 : 1;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  std::size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::optional<double> yaml_number(const std::string& text) {
  if (is_simple_decimal(text)) {
    double x = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    // Out of range (1e400, 1e-400) goes to yaml-cpp below, which has its own answer for it.
    if (ec == std::errc() && end == text.data() + text.size()) return x;
  }
  try {
    return YAML::Node(text).as<double>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

std::optional<bool> yaml_truth(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  try {
    return YAML::Node(text).as<bool>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

}  // namespace anesim
