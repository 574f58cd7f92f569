#pragma once
// JSON text pieces shared by the writers: one string escaper for every JSON file anesim writes.
#include <string>
#include <string_view>

namespace anesim {

// `s` as a JSON string literal, quotes included.
[[nodiscard]] std::string json_quoted(std::string_view s);

}  // namespace anesim
