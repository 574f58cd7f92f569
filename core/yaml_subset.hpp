#pragma once
// A parser for the YAML the configs are written in, forty times cheaper than yaml-cpp's (issue 22):
// block mappings and lists nested by spaces, `- key: value` items, one-line flow lists of scalars
// (`[a, "b c", 3]`), plain scalars, and one-line quoted scalars without escapes; comments anywhere
// YAML allows them. Text outside that (anchors and aliases, tags, block scalars, flow mappings, a
// value continued on the next line, escapes, tabs, CR line ends, several documents) is not an
// error here: the parse says "not mine" and yaml-cpp reads the text instead, with its own syntax
// errors. Within the subset the tree is yaml-cpp's to the node, marks and quoting included; the
// differential test (tests/test_yaml_subset.cpp) checks it on every shipped config and each form.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/config_value.hpp"

namespace anesim {

// The tree of `text`, or nothing when the text is not in the subset, nests mappings and lists
// deeper than `max_depth` or holds more than `max_nodes` keys, values and items (the bounds are
// then reported by the full parser's path, which counts them the same way).
[[nodiscard]] std::optional<ConfigValue> parse_yaml_subset(std::string_view text, int max_depth,
                                                           std::uint64_t max_nodes);

}  // namespace anesim
