#pragma once
// A parsed config file: the tree ConfigNode reads. Two parsers make it, and make the same tree for
// the same text: core/yaml_subset.hpp for the YAML the configs are written in (block mappings and
// lists, one-line flow lists, plain and one-line quoted scalars), and yaml-cpp for anything else
// (core/config_bounds.hpp). A tree of its own, not yaml-cpp's nodes, because yaml-cpp's nodes can
// only be built by yaml-cpp's parser, which reads a character at a time through a regular-expression
// engine: 2.3 M instructions for a 1.7 KB chip file, a third of an `anesim run` (issue 22).
#include <string>
#include <vector>

namespace anesim {

struct ConfigEntry;

struct ConfigValue {
  enum class Kind { null, scalar, sequence, mapping };
  Kind kind = Kind::null;
  // Where the value starts in the file, 0-based as yaml-cpp's marks are; -1 for a value no file
  // holds (a sweep given as a Python dict, an empty override).
  int line = -1;
  int column = -1;
  std::string text;                  // a scalar's, quotes and escapes resolved
  bool plain = true;                 // a scalar written without quotes (yaml-cpp's tag "?", "!" when quoted)
  std::vector<ConfigValue> items;    // a sequence's
  std::vector<ConfigEntry> entries;  // a mapping's, in file order

  // Defined below ConfigEntry: building a value needs its entries' type complete.
  [[nodiscard]] static ConfigValue of(Kind kind);
  [[nodiscard]] bool is_null() const { return kind == Kind::null; }
  [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
  [[nodiscard]] bool is_mapping() const { return kind == Kind::mapping; }
  // A key's text as yaml-cpp gives it: a scalar's own, empty for a list or a mapping used as a key.
  [[nodiscard]] const std::string& scalar() const { return text; }

  friend bool operator==(const ConfigValue&, const ConfigValue&);
};

struct ConfigEntry {
  ConfigValue key;
  ConfigValue value;
  friend bool operator==(const ConfigEntry&, const ConfigEntry&) = default;
};

inline ConfigValue ConfigValue::of(Kind kind) {
  ConfigValue v;
  v.kind = kind;
  return v;
}

inline bool operator==(const ConfigValue& a, const ConfigValue& b) {
  return a.kind == b.kind && a.line == b.line && a.column == b.column && a.text == b.text && a.plain == b.plain &&
         a.items == b.items && a.entries == b.entries;
}

}  // namespace anesim
