#include "core/config_node.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/exceptions.h>

#include "core/choice_list.hpp"
#include "core/config_bounds.hpp"
#include "core/utf8.hpp"
#include "core/yaml_scalars.hpp"

namespace anesim {

namespace {
SourceLocation location_of(const ConfigValue& value, const std::string& file) {
  if (value.line < 0) return {file, 0, 0};
  return {file, value.line + 1, value.column + 1};
}

// What an override a file does not write stands for.
std::shared_ptr<const ConfigValue> empty_mapping() {
  static const auto empty = std::make_shared<const ConfigValue>(ConfigValue::of(ConfigValue::Kind::mapping));
  return empty;
}

std::string describe(const ConfigValue& value) {
  switch (value.kind) {
    case ConfigValue::Kind::null: return "nothing";
    case ConfigValue::Kind::sequence: return "a list";
    case ConfigValue::Kind::mapping: return "a mapping";
    case ConfigValue::Kind::scalar: return "'" + value.text + "'";
  }
  return "an undefined value";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}
// yaml-cpp keeps the last of two equal keys without a word; a config must say each thing once.
void reject_duplicate_keys(const ConfigValue& node, const std::string& file) {
  if (node.is_mapping()) {
    std::set<std::string_view> seen;
    for (const ConfigEntry& entry : node.entries) {
      if (!seen.insert(entry.key.text).second) {
        throw Error("duplicate key '" + entry.key.text + "'", "give each key once; delete one of the two",
                    location_of(entry.key, file));
      }
      reject_duplicate_keys(entry.value, file);
    }
  } else if (node.is_sequence()) {
    for (const ConfigValue& item : node.items) reject_duplicate_keys(item, file);
  }
}

std::string line_of(const std::string& text, int line) {
  std::istringstream in(text);
  std::string current;
  for (int n = 0; n <= line && std::getline(in, current); ++n) {
  }
  return current;
}

// yaml-cpp reports an unclosed bracket where it gave up, and a tab as an illegal value: point at
// the bracket, and say tab.
Error syntax_error(const std::string& text, const std::string& file, const YAML::Exception& e) {
  SourceLocation at{file, e.mark.line + 1, e.mark.column + 1};
  std::string message = "YAML syntax error: " + e.msg;
  std::string hint = "fix the YAML syntax at this position";
  if (e.msg.find("end of sequence flow") != std::string::npos || e.msg.find("end of map flow") != std::string::npos) {
    const char open = e.msg.find("sequence") != std::string::npos ? '[' : '{';
    for (int line = e.mark.line; line >= 0; --line) {
      const std::string content = line_of(text, line);
      const auto col = content.rfind(open);
      if (col != std::string::npos) {
        at = {file, line + 1, static_cast<int>(col) + 1};
        break;
      }
    }
    hint = std::string("close the '") + open + "' opened here";
  }
  if (e.mark.line >= 0 && line_of(text, e.mark.line).find('\t') != std::string::npos) {
    message += " (the line is indented with a tab)";
    hint = "indent with spaces: YAML does not allow tabs";
  }
  return Error(message, hint, at);
}
}  // namespace

std::string nearest_name(const std::string& wrong, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, wrong.size() / 2) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(wrong, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string valid_values_hint(const std::string& wrong, const std::vector<std::string>& valid, std::string_view list) {
  const std::string guess = nearest_name(wrong, valid);
  return fmt::format("{}{}: {}", guess.empty() ? "" : "did you mean '" + guess + "'? ", list, choice_list(valid));
}

ConfigNode ConfigNode::load_file(const std::string& path) { return load_string(read_config_text(path), path); }

ConfigNode ConfigNode::load_string(const std::string& text, const std::string& name) {
  // Bounded before yaml-cpp builds the tree, and long before anything walks it expanded.
  ConfigValue root;
  try {
    root = load_bounded_yaml(text, name);
  } catch (const YAML::Exception& e) {
    throw syntax_error(text, name, e);
  }
  if (!root.is_mapping()) {
    SourceLocation at = location_of(root, name);
    if (at.line == 0) at = {name, 1, 1};  // an empty file has no node to point at
    throw Error("expected a mapping of keys at the top of the file, found " + describe(root),
                "write the config as `key: value` lines", at);
  }
  reject_duplicate_keys(root, name);
  return ConfigNode(std::move(root), name, "");
}

ConfigNode::ConfigNode(ConfigValue tree, std::string file, std::string key_path)
    : ConfigNode(std::make_shared<const ConfigValue>(std::move(tree)), nullptr, std::move(file), std::move(key_path)) {}

ConfigNode::ConfigNode(std::shared_ptr<const ConfigValue> tree, const ConfigValue* node, std::string file, std::string key_path)
    : m_tree(std::move(tree)), m_node(node != nullptr ? node : m_tree.get()), m_file(std::move(file)),
      m_key_path(std::move(key_path)) {}

void ConfigNode::inherit_from(ConfigNode base) { m_base = std::make_shared<ConfigNode>(std::move(base)); }

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out = m_base ? m_base->keys() : std::vector<std::string>{};
  for (const ConfigEntry& entry : m_node->entries) {
    if (std::find(out.begin(), out.end(), entry.key.text) == out.end()) out.push_back(entry.key.text);
  }
  return out;
}

SourceLocation ConfigNode::where() const {
  const SourceLocation at = location_of(*m_node, m_file);
  return at.line == 0 && m_anchor.line > 0 ? m_anchor : at;
}

SourceLocation ConfigNode::where(const std::string& key) const {
  for (const ConfigEntry& entry : m_node->entries) {
    if (entry.key.text == key) return location_of(entry.key, m_file);
  }
  // A key this file inherits is still this file's business (a variant that keeps its base's
  // devices): point here, never into the base's file, which was validated on its own.
  return where();
}

SourceLocation ConfigNode::where(const std::string& key, std::size_t index) const {
  if (!has_own(key)) return where(key);
  const ConfigValue* list = own_value(key);
  if (!list->is_sequence() || index >= list->items.size()) return where(key);
  const SourceLocation at = location_of(list->items[index], m_file);
  return at.line == 0 ? where(key) : at;
}

std::string ConfigNode::qualified(const std::string& key) const {
  return m_key_path.empty() ? key : m_key_path + "." + key;
}

void ConfigNode::fail(const std::string& key, const std::string& message, const std::string& hint) const {
  throw Error("key '" + qualified(key) + "': " + message, hint, where(key));
}

void ConfigNode::fail(const std::string& key, std::size_t index, const std::string& message, const std::string& hint) const {
  throw Error("key '" + qualified(key) + "': " + message, hint, where(key, index));
}

bool ConfigNode::has(const std::string& key) const { return has_own(key) || (m_base && m_base->has(key)); }

bool ConfigNode::given(const std::string& key) {
  m_read.insert(key);
  if (!has_own(key)) return m_base && m_base->given(key);
  return !own_value(key)->is_null();
}

std::vector<std::string> ConfigNode::unread_keys() const {
  std::vector<std::string> out;
  for (const ConfigEntry& entry : m_node->entries) {
    if (!m_read.count(entry.key.text)) out.push_back(entry.key.text);
  }
  return out;
}

void ConfigNode::expect(const std::string& key, const std::string& valid) { m_expected.try_emplace(key, valid); }

const ConfigValue* ConfigNode::required(const std::string& key) {
  m_read.insert(key);
  const ConfigValue* value = own_value(key);
  if (value == nullptr && m_base && m_base->has(key)) return m_base->required(key);
  if (value == nullptr) {
    // Reported by finish(), after any unknown key: a misspelt key is both unknown and missing,
    // and naming the misspelling is the better message.
    if (std::find(m_missing.begin(), m_missing.end(), key) == m_missing.end()) m_missing.push_back(key);
    return nullptr;
  }
  return value;
}

std::string ConfigNode::string(const std::string& key) {
  const ConfigValue* found = required(key);
  if (found == nullptr) {
    expect(key, "a string");
    return {};
  }
  const ConfigValue& value = *found;
  if (!value.is_scalar()) fail(key, "expected a string, found " + describe(value), "write a plain value");
  // The file is UTF-8 (load_bounded_yaml), but a quoted escape can still make a NUL ("\0") or a
  // lone surrogate ("\ud800"): text that names a model or a chip must survive JSON and C strings.
  const std::string& text = value.text;
  if (text.find('\0') != std::string::npos) fail(key, "the text holds a NUL character", "remove the \\0 escape");
  if (invalid_utf8_at(text) != std::string::npos) {
    fail(key, "the text is not valid UTF-8", "write the characters themselves, in UTF-8");
  }
  return text;
}

std::string ConfigNode::string_or(const std::string& key, const std::string& fallback) {
  if (!has(key)) {
    m_read.insert(key);
    return fallback;
  }
  return string(key);
}

std::vector<std::string> ConfigNode::strings(const std::string& key) {
  const ConfigValue* found = required(key);
  if (found == nullptr) {
    expect(key, "a list such as [a, b]");
    return {};
  }
  const ConfigValue& value = *found;
  if (!value.is_sequence()) fail(key, "expected a list, found " + describe(value), "write `[a, b, c]`");
  std::vector<std::string> out;
  for (const ConfigValue& item : value.items) {
    if (!item.is_scalar()) fail(key, "expected a list of strings, found " + describe(item), "write `[a, b, c]`");
    out.push_back(item.text);
  }
  if (out.empty()) fail(key, "the list is empty", "give at least one value");
  return out;
}

std::optional<double> ConfigNode::present_number(const std::string& key, double min, double max) {
  const ConfigValue* found = required(key);
  if (found == nullptr) return std::nullopt;
  const ConfigValue& value = *found;
  const std::optional<double> number = value.is_scalar() ? yaml_number(value.text) : std::nullopt;
  if (!number || !std::isfinite(*number)) fail(key, "expected a number, found " + describe(value), "write a number such as 1.5e9");
  const double x = *number;
  if (x < min || x > max) {
    fail(key, fmt::format("value {} is out of range", value.text),
         fmt::format("use a value in [{:g}, {:g}]", min, max));
  }
  return x;
}

// Each accessor says what the key takes only when it is missing: formatting the description of
// every key read was about a quarter of reading a chip (0.24 M of 0.9 M instructions).
double ConfigNode::number(const std::string& key, double min, double max) {
  if (const std::optional<double> x = present_number(key, min, max)) return *x;
  expect(key, fmt::format("a number in [{:g}, {:g}]", min, max));
  return std::clamp(1.0, min, max);  // a placeholder; finish() reports the key
}

double ConfigNode::number_or(const std::string& key, double fallback, double min, double max) {
  if (!has(key)) {
    m_read.insert(key);
    return fallback;
  }
  return number(key, min, max);
}

double ConfigNode::positive(const std::string& key) {
  const std::optional<double> x = present_number(key, -1e300, 1e300);
  if (!x) {
    expect(key, "a positive number");
    return 1.0;
  }
  if (*x <= 0) fail(key, fmt::format("expected a positive number, found {:g}", *x), "use a value > 0");
  return *x;
}

double ConfigNode::fraction(const std::string& key) {
  const std::optional<double> x = present_number(key, -1e300, 1e300);
  if (!x) {
    expect(key, "a fraction in (0, 1]");
    return 1.0;
  }
  if (*x <= 0 || *x > 1) fail(key, fmt::format("expected a fraction in (0, 1], found {:g}", *x), "use a value in (0, 1]");
  return *x;
}

std::int64_t ConfigNode::integer(const std::string& key, std::int64_t min, std::int64_t max) {
  const std::optional<double> present = present_number(key, static_cast<double>(min), static_cast<double>(max));
  if (!present) {
    expect(key, fmt::format("a whole number from {} to {}", min, max));
    return std::clamp<std::int64_t>(1, min, max);
  }
  const double x = *present;
  if (x != std::floor(x)) fail(key, fmt::format("expected a whole number, found {:g}", x), "drop the fraction");
  return static_cast<std::int64_t>(x);
}

std::int64_t ConfigNode::integer_or(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!has(key)) {
    m_read.insert(key);
    return fallback;
  }
  return integer(key, min, max);
}

bool ConfigNode::boolean_or(const std::string& key, bool fallback) {
  m_read.insert(key);
  const ConfigValue* value = own_value(key);
  if (value == nullptr && m_base) return m_base->boolean_or(key, fallback);
  if (value == nullptr) return fallback;
  const std::optional<bool> truth = value->is_scalar() ? yaml_truth(value->text) : std::nullopt;
  if (!truth) fail(key, "expected true or false, found " + describe(*value), "write true or false");
  return *truth;
}

ConfigNode ConfigNode::child(const std::string& key) {
  if (m_base && m_base->has(key)) {
    // Inherit key by key: the mapping written here (or an empty one) over the base's.
    m_read.insert(key);
    ConfigNode base = m_base->child(key);
    const ConfigValue* written = own_value(key);
    ConfigNode own = written != nullptr ? ConfigNode(m_tree, written, m_file, qualified(key))
                                        : ConfigNode(empty_mapping(), nullptr, m_file, qualified(key));
    own.m_anchor = where();  // an override this file does not write: its errors point at this mapping
    if (!own.m_node->is_mapping()) fail(key, "expected a mapping, found " + describe(*own.m_node), "indent `key: value` lines under it");
    own.inherit_from(std::move(base));
    return own;
  }
  const ConfigValue* found = required(key);
  if (found == nullptr) {
    expect(key, "a mapping of `key: value` lines");
    ConfigNode placeholder(empty_mapping(), nullptr, m_file, qualified(key));
    placeholder.m_placeholder = true;
    return placeholder;
  }
  if (!found->is_mapping()) fail(key, "expected a mapping, found " + describe(*found), "indent `key: value` lines under it");
  return ConfigNode(m_tree, found, m_file, qualified(key));
}

void ConfigNode::finish() const {
  if (m_placeholder) return;  // the parent reports this mapping as missing
  std::vector<std::string> known(m_read.begin(), m_read.end());
  for (const ConfigEntry& entry : m_node->entries) {
    const std::string& key = entry.key.text;
    if (m_read.count(key)) continue;
    throw Error("unknown key '" + qualified(key) + "'", valid_values_hint(key, known, "valid keys here"),
                location_of(entry.key, m_file));
  }
  if (m_missing.empty()) return;
  const auto takes = [&](const std::string& key) {
    const auto it = m_expected.find(key);
    return it == m_expected.end() ? std::string("<value>") : it->second;
  };
  if (m_missing.size() == 1) {
    const std::string& key = m_missing.front();
    throw Error("missing required key '" + qualified(key) + "'",
                "add `" + key + ": <value>` to this mapping, where <value> is " + takes(key), where());
  }
  std::string names, lines;
  for (const std::string& key : m_missing) {
    names += (names.empty() ? "'" : ", '") + qualified(key) + "'";
    lines += "\n    " + key + ": " + takes(key);
  }
  throw Error(fmt::format("missing {} required keys: {}", m_missing.size(), names), "add them to this mapping:" + lines, where());
}

}  // namespace anesim
