#pragma once
// The one way anesim reads a YAML config. A ConfigNode wraps a mapping; each field is declared in
// one line with its type and range (`node.positive("l2_bytes")`), and `finish()` rejects every key
// that was not declared, suggesting the nearest valid one. Every error names file:line:column,
// the key, what was expected and what was found.
//
// A node may inherit from a base node (a chip variant's file from its base chip's): a key absent
// here is read from the base, `finish()` judges only the keys written here, and a required key is
// missing only when neither has it. The base is expected to have been validated on its own.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_value.hpp"
#include "core/error.hpp"

namespace anesim {

class ConfigNode {
 public:
  // Parses a whole file; a YAML syntax error becomes an anesim::Error with file:line:column.
  static ConfigNode load_file(const std::string& path);
  static ConfigNode load_string(const std::string& text, const std::string& name);
  // The mapping `tree` (a sweep given as a Python dict); errors name `file`.
  ConfigNode(ConfigValue tree, std::string file, std::string key_path);

  // Keys absent here are read from `base` from now on (mappings inherit key by key, lists and
  // values whole).
  void inherit_from(ConfigNode base);
  // The mapping's keys: the base's in its order, then the ones only this node has, in file order.
  [[nodiscard]] std::vector<std::string> keys() const;

  [[nodiscard]] bool has(const std::string& key) const;
  // Present with a value: JSON's `null` (a Hugging Face config's "use the library default") counts
  // as absent, and the key counts as read.
  [[nodiscard]] bool given(const std::string& key);
  // Accepts `key` whatever it holds, for keys a format carries that do not matter here.
  void ignore(const std::string& key) { m_read.insert(key); }
  // The keys written here that no accessor has asked for yet, in file order: what finish() would
  // reject, for a caller whose message should say more than "unknown key".
  [[nodiscard]] std::vector<std::string> unread_keys() const;
  [[nodiscard]] std::string string(const std::string& key);
  [[nodiscard]] std::string string_or(const std::string& key, const std::string& fallback);
  [[nodiscard]] std::vector<std::string> strings(const std::string& key);
  // Real numbers; `positive` excludes zero, `fraction` is (0, 1].
  [[nodiscard]] double number(const std::string& key, double min, double max);
  [[nodiscard]] double number_or(const std::string& key, double fallback, double min, double max);
  [[nodiscard]] double positive(const std::string& key);
  [[nodiscard]] double fraction(const std::string& key);
  [[nodiscard]] std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max);
  [[nodiscard]] std::int64_t integer_or(const std::string& key, std::int64_t fallback, std::int64_t min,
                                        std::int64_t max);
  [[nodiscard]] bool boolean_or(const std::string& key, bool fallback);
  [[nodiscard]] ConfigNode child(const std::string& key);
  // What a required key takes, for the missing-key message ("one of gelu, relu"); accessors
  // describe their own type and range when no caller has.
  void expect(const std::string& key, const std::string& valid);
  // Throws on the first key that no accessor asked for, then on every required key absent at
  // once, each with what it takes: a new file should not take one run per missing key.
  // Accessors of an absent key return a placeholder, so call finish() before checking values
  // against each other.
  void finish() const;

  [[nodiscard]] SourceLocation where() const;
  [[nodiscard]] SourceLocation where(const std::string& key) const;
  // Item `index` of the list at `key` (the key's own location when there is no such item).
  [[nodiscard]] SourceLocation where(const std::string& key, std::size_t index) const;
  [[nodiscard]] const std::string& file() const { return m_file; }
  [[noreturn]] void fail(const std::string& key, const std::string& message, const std::string& hint) const;
  // The same, pointing at item `index` of the list at `key`.
  [[noreturn]] void fail(const std::string& key, std::size_t index, const std::string& message, const std::string& hint) const;

 private:
  ConfigNode(std::shared_ptr<const ConfigValue> tree, const ConfigValue* node, std::string file, std::string key_path);
  // The key's value, or null (recorded, and reported by finish()) when it is absent.
  [[nodiscard]] const ConfigValue* required(const std::string& key);
  // The number at `key`, checked against [min, max]; nullopt when absent (recorded by required()).
  [[nodiscard]] std::optional<double> present_number(const std::string& key, double min, double max);
  [[nodiscard]] std::string qualified(const std::string& key) const;
  [[nodiscard]] bool has_own(const std::string& key) const;
  // The value at `key` in this file's mapping, null when absent (config_node_lookup.cpp).
  [[nodiscard]] const ConfigValue* own_value(const std::string& key) const;

  std::shared_ptr<const ConfigValue> m_tree;  // the file's whole tree, shared by every node of it
  const ConfigValue* m_node;                   // this node's mapping in it
  std::string m_file;
  std::string m_key_path;
  std::set<std::string> m_read;
  std::vector<std::string> m_missing;
  std::map<std::string, std::string> m_expected;  // key -> what it takes, for finish()
  SourceLocation m_anchor;  // where to point when the mapping has no line of its own (an empty override)
  bool m_placeholder = false;  // stands in for a missing mapping
  std::shared_ptr<ConfigNode> m_base;  // where absent keys come from, if anywhere
  // The mapping's keys, made on the first look-up and shared by copies (own_value()).
  mutable std::shared_ptr<const std::vector<std::pair<std::string_view, const ConfigValue*>>> m_index;
};

// Nearest candidate by edit distance, or empty when none is close; used for "did you mean".
[[nodiscard]] std::string nearest_name(const std::string& wrong, const std::vector<std::string>& candidates);
// The fix for a name that is not one of `valid`: "did you mean 'ane'? valid values: baseline, ane"
// (`list` names the list: "valid values", or "valid keys here" for a mapping's keys).
[[nodiscard]] std::string valid_values_hint(const std::string& wrong, const std::vector<std::string>& valid,
                                            std::string_view list = "valid values");

}  // namespace anesim
