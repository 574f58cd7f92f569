#pragma once
// A scalar's text as a number or a truth value, exactly as yaml-cpp's `as<double>()` and
// `as<bool>()` read it (`+1.5`, `1e9` and `yes` included): the common spellings without yaml-cpp's
// string stream, which cost ten thousand instructions a number (issue 22), and the rest through it.
#include <optional>
#include <string>

namespace anesim {

[[nodiscard]] std::optional<double> yaml_number(const std::string& text);
[[nodiscard]] std::optional<bool> yaml_truth(const std::string& text);

}  // namespace anesim
