#pragma once
// UTF-8 validity, for the text anesim copies from configs into JSON, CSV and HTML: JSON must be
// UTF-8, and a name with a stray byte made results.json unreadable.
#include <cstddef>
#include <string_view>

namespace anesim {

// The byte offset of the first byte that does not start a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points past U+10FFFF are not well-formed), or npos when all is valid.
[[nodiscard]] std::size_t invalid_utf8_at(std::string_view text);
// The length of the well-formed sequence at `text[at]`, or 0 when it is not one.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

}  // namespace anesim
