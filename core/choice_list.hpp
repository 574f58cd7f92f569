#pragma once
// The valid choices as an error's hint lists them: "fp16, int8, int4". One join for every list of
// names a config key, a flag or a Python argument takes.
#include <cstddef>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>

namespace anesim {

// `name` turns an item into its spelling, for lists of records (a table of name/value pairs).
template <class Range, class Name = std::identity>
[[nodiscard]] std::string choice_list(const Range& items, Name name = {}) {
  std::string list;
  for (const auto& item : items) {
    if (!list.empty()) list += ", ";
    list += std::string_view(std::invoke(name, item));
  }
  return list;
}

// The same names as a sentence's alternatives, each inside `quote`: "'fp16', 'int8' or 'int4'".
template <class Range>
[[nodiscard]] std::string choice_alternatives(const Range& names, std::string_view quote = "") {
  std::string out;
  std::size_t i = 0;
  const std::size_t n = std::size(names);
  for (const auto& name : names) {
    if (i > 0) out += i + 1 == n ? " or " : ", ";
    out += std::string(quote) + std::string(std::string_view(name)) + std::string(quote);
    ++i;
  }
  return out;
}

}  // namespace anesim
