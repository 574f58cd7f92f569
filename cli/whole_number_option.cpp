#include "cli/whole_number_option.hpp"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

namespace {
std::string fix_for(const WholeNumberRule& rule) {
  if (!rule.fix.empty()) return rule.fix;
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  if (rule.min == lowest && rule.max == highest) return "use a whole number";
  if (rule.max == highest) return fmt::format("use a whole number {} or more", rule.min);
  return fmt::format("use a whole number from {} to {}", rule.min, rule.max);
}
}  // namespace

std::int64_t parse_whole_number(const std::string& option, const std::string& text, const WholeNumberRule& rule) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;  // from_chars takes '-' but not '+'
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) {
    throw Error(fmt::format("{} {} is out of range: it does not fit in 64 bits", option, text), fix_for(rule));
  }
  if (ec != std::errc{} || end != last) throw Error(fmt::format("{} '{}' is not a whole number", option, text), fix_for(rule));
  if (value < rule.min || value > rule.max) throw Error(fmt::format("{} {} is out of range", option, text), fix_for(rule));
  return value;
}

CLI::Option* add_whole_number_option(CLI::App& cmd, const std::string& name, std::function<void(std::int64_t)> store,
                                     const std::string& description, WholeNumberRule rule) {
  return cmd
      .add_option_function<std::string>(
          name,
          [store = std::move(store), name, rule = std::move(rule)](const std::string& text) {
            store(parse_whole_number(name, text, rule));
          },
          description)
      ->type_name("INT");
}

}  // namespace anesim
