#include "core/yaml_comments.hpp"

#include <string_view>

namespace anesim {

namespace {

// Where the line's comment starts, or npos.
std::size_t comment_start(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
  }
  return std::string_view::npos;
}

// `key: |`, `- >-`, `|2+`: the lines after it are a block scalar, where `#` is text.
bool opens_block_scalar(std::string_view content) {
  std::size_t end = content.find_last_not_of(" \t\r");
  if (end == std::string_view::npos) return false;
  while (end > 0 && (content[end] == '-' || content[end] == '+' || (content[end] >= '0' && content[end] <= '9'))) --end;
  return content[end] == '|' || content[end] == '>';
}

}  // namespace

std::string without_yaml_comments(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t newline = text.find('\n', begin);
    const std::size_t end = newline == std::string::npos ? text.size() : newline;
    const std::string_view line(text.data() + begin, end - begin);
    std::string_view content = line.substr(0, comment_start(line));
    // The blanks before a comment too (they line the comments up): as many again for the parser.
    if (content.size() < line.size()) {
      const std::size_t last = content.find_last_not_of(" \t");
      content = content.substr(0, last == std::string_view::npos ? 0 : last + 1);
    }
    // A quote may open a scalar that runs past this line, and a block scalar's lines are text:
    // a later `#` may be a value's, so the rest stays as written.
    if (content.find_first_of("'\"") != std::string_view::npos || opens_block_scalar(content)) {
      out.append(text, begin);
      return out;
    }
    out.append(content);
    // A comment ending in a carriage return keeps it, as the line would have.
    if (content.size() < line.size() && line.back() == '\r') out.push_back('\r');
    if (newline != std::string::npos) out.push_back('\n');
    begin = end + 1;
  }
  return out;
}

}  // namespace anesim
