#include "reports/json_text.hpp"

#include <fmt/format.h>

#include "core/utf8.hpp"

namespace anesim {

std::string json_quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t at = 0; at < s.size(); ++at) {
    const char c = s[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // JSON is UTF-8: a well-formed sequence is copied, a stray byte becomes U+FFFD, so a name
      // that escaped every check still leaves the file readable.
      const std::size_t length = utf8_sequence_length(s, at);
      if (length == 0) {
        out += "\\ufffd";
      } else {
        out.append(s.substr(at, length));
        at += length - 1;
      }
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace anesim
