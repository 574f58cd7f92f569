#pragma once
// The one way anesim reads a YAML config. A ConfigNode wraps a mapping; each field is declared in
// one line with its type and range (`node.positive("l2_bytes")`), and `finish()` rejects every key
// that was not declared, suggesting the nearest valid one. Every error names file:line:column,
// the key, what was expected and what was found.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/error.hpp"

namespace anesim {

class ConfigNode {
 public:
  // Parses a whole file; a YAML syntax error becomes an anesim::Error with file:line:column.
  static ConfigNode load_file(const std::string& path);
  static ConfigNode load_string(const std::string& text, const std::string& name);
  ConfigNode(YAML::Node node, std::string file, std::string key_path);

  [[nodiscard]] bool has(const std::string& key) const;
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
  // Throws on the first key that no accessor asked for, then on the first required key absent.
  // Accessors of an absent key return a placeholder, so call finish() before checking values
  // against each other.
  void finish() const;

  [[nodiscard]] SourceLocation where() const;
  [[nodiscard]] SourceLocation where(const std::string& key) const;
  [[nodiscard]] const std::string& file() const { return m_file; }
  [[noreturn]] void fail(const std::string& key, const std::string& message, const std::string& hint) const;

 private:
  // The key's node, or nothing (recorded, and reported by finish()) when it is absent.
  [[nodiscard]] std::optional<YAML::Node> required(const std::string& key);
  [[nodiscard]] std::string qualified(const std::string& key) const;

  YAML::Node m_node;
  std::string m_file;
  std::string m_key_path;
  std::set<std::string> m_read;
  std::vector<std::string> m_missing;
  bool m_placeholder = false;  // stands in for a missing mapping
};

// Nearest candidate by edit distance, or empty when none is close; used for "did you mean".
[[nodiscard]] std::string nearest_name(const std::string& wrong, const std::vector<std::string>& candidates);

}  // namespace anesim
