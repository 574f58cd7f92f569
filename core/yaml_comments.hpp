#pragma once
// A config's text without its comments, for the YAML parser. yaml-cpp scans every character
// through a small regular-expression engine, comments included, and the shipped chip files are
// four-fifths comments (sources on every line): A15.yaml is 8.3 KB, 1.7 KB without them, and
// reading it took 14 M instructions, the larger part of an `anesim run` (issue 22).
#include <string>

namespace anesim {

// `text` with each comment cut from its line: a `#` at the start of a line or after a space or a
// tab, to the end of that line, and the blanks before it. Every line keeps its number and every
// byte before a comment its column, so the parser's line:column marks point at the same places in the file. Cautious where
// a `#` may belong to a value: from the first line with a quote (' or ") or a block scalar
// indicator (| or > ending the line) before its `#`, the rest of the text is kept as it is.
[[nodiscard]] std::string without_yaml_comments(const std::string& text);

}  // namespace anesim
