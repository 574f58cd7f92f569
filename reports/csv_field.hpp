#pragma once
// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
// its quotes doubled.
#include <string>

namespace anesim {

[[nodiscard]] inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace anesim
