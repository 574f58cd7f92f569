#pragma once
// Bounds on what reading one config file may cost. A config is a few kilobytes of keys; a file
// far past that is a mistake or an attack, and yaml-cpp's cost grows with what a file *expands*
// to: ten nested levels of ten aliases are 2 KB of text but 10^10 nodes to walk. Both checks run
// before anything walks the parsed tree, and each refusal names file:line and the bound.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config_value.hpp"

namespace anesim {

// The shipped configs are at most 6 KB; 1 MiB is far beyond any hand-written config, and yaml-cpp
// reads it in a fraction of a second (200 MB took 45 s and 5.5 GB).
inline constexpr std::size_t k_config_max_bytes = std::size_t{1} << 20;
// Nodes after expanding every alias (keys, values and list items each count one). The shipped
// configs have a few hundred; 100,000 walk in tens of milliseconds.
inline constexpr std::uint64_t k_config_max_nodes = 100'000;
// Nesting of mappings and lists, aliases expanded. The shipped configs nest a few levels; the bound
// keeps every recursive walk of the tree shallow.
inline constexpr int k_config_max_depth = 32;

// Reads at most k_config_max_bytes of `path`; an anesim::Error at the line where the bound is
// crossed when the file is longer, and one naming the file when it cannot be read.
[[nodiscard]] std::string read_config_text(const std::string& path);
// Parses a config's text, throwing at file:line when it is longer than k_config_max_bytes, holds a
// NUL byte or is not UTF-8, expands to more than k_config_max_nodes, nests deeper than
// k_config_max_depth, or has an alias inside the node it names (a cycle). Text in the configs'
// YAML subset is read by core/yaml_subset.hpp; any other goes to yaml-cpp, which counts parser
// events with each anchor's expanded size, so the cost is linear in the text whatever its aliases
// expand to, and reads the text without its comments (core/yaml_comments.hpp: the same lines and
// columns). A YAML syntax error is thrown as yaml-cpp's YAML::Exception from the text as written,
// for the caller to explain.
[[nodiscard]] ConfigValue load_bounded_yaml(const std::string& text, const std::string& file);
// The same through yaml-cpp alone, whatever the text: what the subset parser is checked against.
[[nodiscard]] ConfigValue parse_with_yaml_cpp(const std::string& text, const std::string& file);

}  // namespace anesim
