#pragma once
// Whole-number options, parsed strictly. CLI11 2.1 reads integers with strtoll in base 0, so
// `--seq 010` ran 8, `--seq 0x10` ran 16 and `--batch 99999999999999999999` ran 2^63 - 1, each
// without a word, and an unsigned option took `-1` as 2^64 - 1. Here only decimal digits (and a
// sign) are taken, within [min, max]; anything else is an anesim::Error (exit 1) naming the option.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

namespace anesim {

// How a whole-number option is read: its range here, and the fix its errors give (empty: one
// made from the range). A range the run itself checks (batch, seq, kv_len) is left wide here,
// and the fix says what the run accepts.
struct WholeNumberRule {
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::string fix;
};

// `text` as a decimal integer in the rule's range; `option` (e.g. "--batch") names it in the error.
[[nodiscard]] std::int64_t parse_whole_number(const std::string& option, const std::string& text, const WholeNumberRule& rule);

// Adds `name` (e.g. "--batch"), handing its parsed value to `store` (set the shown default with
// ->default_str).
CLI::Option* add_whole_number_option(CLI::App& cmd, const std::string& name, std::function<void(std::int64_t)> store,
                                     const std::string& description, WholeNumberRule rule = {});

}  // namespace anesim
