#include "core/yaml_subset.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace anesim {

namespace {

// Thrown where the text leaves the subset; caught once, at the top. Rare: the shipped configs and
// the files users write from them stay inside.
struct OutsideSubset {};

[[noreturn]] void outside() { throw OutsideSubset{}; }

struct Line {
  int number;                // 0-based
  int indent;                // where `content` starts: the line's indent, or past a `- `
  std::string_view content;  // to the line's end, comment included
};

bool is_space_or_comment(std::string_view rest) {
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '#') return i > 0;  // a comment needs a blank before it (`"a"#b` is an error)
    if (rest[i] != ' ') return false;
  }
  return true;
}

// A comment or nothing: the value is on the following lines.
bool is_empty_value(std::string_view rest) { return rest.empty() || rest.front() == '#'; }

bool is_sequence_entry(std::string_view content) {
  return content.front() == '-' && (content.size() == 1 || content[1] == ' ');
}

// yaml-cpp reads these plain scalars as null (YAML 1.2's core schema).
bool is_null_word(std::string_view text) { return text == "~" || text == "null" || text == "Null" || text == "NULL"; }

// Characters that may not start a plain scalar here: YAML's indicators, and `-` unless a character
// that could continue a scalar follows (`-1`, `-x`); `?` and `:` are left to yaml-cpp.
bool starts_outside_plain(std::string_view s) {
  switch (s.front()) {
    case '-': return s.size() == 1 || std::string_view(" ,[]{}").find(s[1]) != std::string_view::npos;
    case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#': case '&':
    case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
      return true;
    default: return false;
  }
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

class SubsetParser {
 public:
  SubsetParser(std::vector<Line> lines, int end_line, int max_depth, std::uint64_t max_nodes)
      : m_lines(std::move(lines)), m_end_line(end_line), m_max_depth(max_depth), m_max_nodes(max_nodes) {}

  ConfigValue document() {
    if (m_lines.empty()) outside();  // yaml-cpp's empty document
    ConfigValue root = block(1);
    if (m_pos != m_lines.size()) outside();
    return root;
  }

 private:
  ConfigValue value(ConfigValue::Kind kind, int line, int column) {
    if (++m_nodes > m_max_nodes) outside();
    ConfigValue v;
    v.kind = kind;
    v.line = line;
    v.column = column;
    return v;
  }
  // A value left empty. yaml-cpp marks it where the next token starts: the next line's first
  // character, or the start of the line after the last.
  ConfigValue empty() {
    if (m_pos == m_lines.size()) return value(ConfigValue::Kind::null, m_end_line, 0);
    return value(ConfigValue::Kind::null, m_lines[m_pos].number, m_lines[m_pos].indent);
  }
  [[nodiscard]] bool deeper_line(int indent) const { return m_pos < m_lines.size() && m_lines[m_pos].indent > indent; }

  // The node starting at the current line, at its indent; `level` is its nesting as a collection.
  ConfigValue block(int level) {
    const Line& line = m_lines[m_pos];
    if (is_sequence_entry(line.content)) return sequence(line.indent, level);
    if (key_colon(line.content) != std::string_view::npos) return mapping(line.indent, level);
    ConfigValue v = inline_value(line.content, line.number, line.indent, level);
    ++m_pos;
    return v;
  }

  ConfigValue sequence(int indent, int level) {
    if (level > m_max_depth) outside();
    ConfigValue seq = value(ConfigValue::Kind::sequence, m_lines[m_pos].number, indent);
    while (m_pos < m_lines.size() && m_lines[m_pos].indent == indent && is_sequence_entry(m_lines[m_pos].content)) {
      Line& line = m_lines[m_pos];
      std::size_t skip = 1;
      while (skip < line.content.size() && line.content[skip] == ' ') ++skip;
      const std::string_view rest = line.content.substr(skip);
      if (is_empty_value(rest)) {
        ++m_pos;
        seq.items.push_back(deeper_line(indent) ? block(level + 1) : empty());
      } else {
        if (is_sequence_entry(rest)) outside();  // `- - a`
        // The item starts on this line at its own column: a `- key: value` item is a mapping whose
        // keys line up under its first.
        line.indent = indent + static_cast<int>(skip);
        line.content = rest;
        seq.items.push_back(block(level + 1));
      }
      if (deeper_line(indent)) outside();  // a plain scalar continued, or a key out of line
    }
    return seq;
  }

  ConfigValue mapping(int indent, int level) {
    if (level > m_max_depth) outside();
    ConfigValue map = value(ConfigValue::Kind::mapping, m_lines[m_pos].number, indent);
    while (m_pos < m_lines.size() && m_lines[m_pos].indent == indent && !is_sequence_entry(m_lines[m_pos].content)) {
      const Line& line = m_lines[m_pos];
      const std::size_t colon = key_colon(line.content);
      if (colon == std::string_view::npos) outside();  // a scalar among the keys
      ConfigEntry entry;
      entry.key = key(line.content.substr(0, colon), line.number, indent);
      std::size_t start = colon + 1;
      while (start < line.content.size() && line.content[start] == ' ') ++start;
      const std::string_view rest = line.content.substr(start);
      const int number = line.number;
      ++m_pos;
      if (!is_empty_value(rest)) {
        entry.value = inline_value(rest, number, indent + static_cast<int>(start), level + 1);
      } else if (deeper_line(indent)) {
        entry.value = block(level + 1);
      } else if (m_pos < m_lines.size() && m_lines[m_pos].indent == indent && is_sequence_entry(m_lines[m_pos].content)) {
        entry.value = sequence(indent, level + 1);  // YAML lets a key's list start at the key's own indent
      } else {
        entry.value = empty();
      }
      if (deeper_line(indent)) outside();
      map.entries.push_back(std::move(entry));
    }
    return map;
  }

  // Where a `key:` line's colon is, npos when the line is not one. A colon ends a plain key when a
  // blank or the line's end follows it; a comment before any such colon means no key.
  static std::size_t key_colon(std::string_view content) {
    for (std::size_t i = 0; i < content.size(); ++i) {
      const char c = content[i];
      if (c == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) return i;
      if (c == '#' && i > 0 && content[i - 1] == ' ') return std::string_view::npos;
    }
    return std::string_view::npos;
  }

  ConfigValue key(std::string_view text, int line, int column) {
    text = trim_right(text);
    // Quoted, flow and complex keys, and the null and merge keys, are yaml-cpp's; so is a key past
    // its simple-key length of 1,024 characters.
    if (text.empty() || starts_outside_plain(text) || is_null_word(text) || text == "<<" || text.size() > 1000 ||
        text.find_first_of("[]{}") != std::string_view::npos) {
      outside();
    }
    ConfigValue k = value(ConfigValue::Kind::scalar, line, column);
    k.text = text;
    return k;
  }

  // A value written on its key's or its `- `'s line, at `column`.
  ConfigValue inline_value(std::string_view s, int line, int column, int level) {
    if (s.front() == '[') return flow_sequence(s, line, column, level);
    if (s.front() == '"' || s.front() == '\'') {
      std::size_t end = 0;
      ConfigValue v = quoted(s, line, column, end);
      if (!is_space_or_comment(s.substr(end))) outside();
      return v;
    }
    if (starts_outside_plain(s)) outside();
    std::size_t end = s.size();
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) outside();  // a second `key:` on the line
      if (s[i] == '#' && s[i - 1] == ' ') {
        end = i;
        break;
      }
    }
    return plain(trim_right(s.substr(0, end)), line, column);
  }

  ConfigValue plain(std::string_view text, int line, int column) {
    if (is_null_word(text)) return value(ConfigValue::Kind::null, line, column);
    ConfigValue v = value(ConfigValue::Kind::scalar, line, column);
    v.text = text;
    return v;
  }

  // A one-line quoted scalar at the start of `s`; `end` is set past its closing quote.
  ConfigValue quoted(std::string_view s, int line, int column, std::size_t& end) {
    const char quote = s.front();
    std::string text;
    std::size_t i = 1;
    for (;; ++i) {
      if (i == s.size()) outside();  // continued on the next line
      const char c = s[i];
      if (quote == '"' && c == '\\') outside();  // an escape
      if (c != quote) {
        text += c;
      } else if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
        text += '\'';
        ++i;
      } else {
        break;
      }
    }
    end = i + 1;
    ConfigValue v = value(ConfigValue::Kind::scalar, line, column);
    v.text = std::move(text);
    v.plain = false;
    return v;
  }

  // `[a, b, c]` on one line, items plain or quoted scalars.
  ConfigValue flow_sequence(std::string_view s, int line, int column, int level) {
    if (level > m_max_depth) outside();
    ConfigValue seq = value(ConfigValue::Kind::sequence, line, column);
    std::size_t i = 1;
    const auto skip_blanks = [&] {
      while (i < s.size() && s[i] == ' ') ++i;
    };
    skip_blanks();
    if (i < s.size() && s[i] == ']') return close_flow(std::move(seq), s, i);
    for (;;) {
      skip_blanks();
      if (i == s.size()) outside();  // continued on the next line
      const int item_column = column + static_cast<int>(i);
      if (s[i] == '"' || s[i] == '\'') {
        std::size_t end = 0;
        seq.items.push_back(quoted(s.substr(i), line, item_column, end));
        i += end;
      } else {
        if (starts_outside_plain(s.substr(i))) outside();
        const std::size_t start = i;
        for (; i < s.size() && s[i] != ',' && s[i] != ']'; ++i) {
          const char c = s[i];
          if (c == '[' || c == '{' || c == '}' || (c == '#' && s[i - 1] == ' ')) outside();
          if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == ',' || s[i + 1] == ']')) outside();
        }
        seq.items.push_back(plain(trim_right(s.substr(start, i - start)), line, item_column));
      }
      skip_blanks();
      if (i == s.size()) outside();
      if (s[i] == ']') return close_flow(std::move(seq), s, i);
      if (s[i] != ',') outside();
      ++i;
      skip_blanks();
      if (i < s.size() && s[i] == ']') outside();  // a trailing comma
    }
  }

  static ConfigValue close_flow(ConfigValue seq, std::string_view s, std::size_t close) {
    if (!is_space_or_comment(s.substr(close + 1))) outside();
    return seq;
  }

  std::vector<Line> m_lines;
  int m_end_line;  // the number of the line after the last
  std::size_t m_pos = 0;
  int m_max_depth;
  std::uint64_t m_max_nodes;
  std::uint64_t m_nodes = 0;
};

// The lines that hold something, each with its indent; blank and comment-only lines dropped.
std::vector<Line> content_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") outside();  // a byte-order mark
  // Tabs and CR line ends: yaml-cpp's. Two scans of the whole text, not find_first_of on each line,
  // which tries the set one byte at a time (0.27 M of a 0.45 M-instruction parse of two files).
  if (text.find('\t') != std::string_view::npos || text.find('\r') != std::string_view::npos) outside();
  std::vector<Line> lines;
  int number = 0;
  for (std::size_t start = 0; start < text.size(); ++number) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    std::size_t indent = 0;
    while (indent < raw.size() && raw[indent] == ' ') ++indent;
    if (indent == raw.size() || raw[indent] == '#') continue;
    const std::string_view marker = raw.substr(0, 3);
    if ((marker == "---" || marker == "...") && (raw.size() == 3 || raw[3] == ' ')) outside();  // documents
    lines.push_back({number, static_cast<int>(indent), raw.substr(indent)});
  }
  return lines;
}

}  // namespace

std::optional<ConfigValue> parse_yaml_subset(std::string_view text, int max_depth, std::uint64_t max_nodes) {
  try {
    const auto end_line = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    return SubsetParser(content_lines(text), end_line, max_depth, max_nodes).document();
  } catch (const OutsideSubset&) {
    return std::nullopt;
  }
}

}  // namespace anesim
