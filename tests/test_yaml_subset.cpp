// The configs' YAML subset is read by anesim's own parser (core/yaml_subset.hpp) and anything else
// by yaml-cpp. Within the subset the two must give the same tree, node for node: kinds, text,
// quoting, and every line:column an error would point at.
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "core/config_bounds.hpp"
#include "core/config_paths.hpp"
#include "core/yaml_scalars.hpp"
#include "core/yaml_subset.hpp"

#include <yaml-cpp/yaml.h>

using namespace anesim;

namespace {

// The first place two trees differ, or "" when they are the same.
std::string difference(const ConfigValue& a, const ConfigValue& b, const std::string& path) {
  const auto show = [](const ConfigValue& v) {
    return fmt::format("kind {} at {}:{} text '{}'{}", static_cast<int>(v.kind), v.line, v.column, v.text, v.plain ? "" : " quoted");
  };
  if (a.kind != b.kind || a.line != b.line || a.column != b.column || a.text != b.text || a.plain != b.plain ||
      a.items.size() != b.items.size() || a.entries.size() != b.entries.size()) {
    return path + ": " + show(a) + " vs " + show(b);
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (auto d = difference(a.items[i], b.items[i], fmt::format("{}[{}]", path, i)); !d.empty()) return d;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    const std::string at = path + "." + a.entries[i].key.text;
    if (auto d = difference(a.entries[i].key, b.entries[i].key, at + " (key)"); !d.empty()) return d;
    if (auto d = difference(a.entries[i].value, b.entries[i].value, at); !d.empty()) return d;
  }
  return "";
}

std::optional<ConfigValue> subset(const std::string& text) { return parse_yaml_subset(text, k_config_max_depth, k_config_max_nodes); }

void check_same_as_yaml_cpp(const std::string& text) {
  INFO(text);
  const auto ours = subset(text);
  REQUIRE(ours.has_value());
  CHECK(difference(*ours, parse_with_yaml_cpp(text, "t.yaml"), "") == "");
}

}  // namespace

TEST_CASE("every shipped config is in the subset and reads as yaml-cpp reads it") {
  int files = 0;
  for (const char* kind : {"chips", "models", "sweeps", "validation"}) {
    for (const std::string& file : config_files(default_config_dir(), kind)) {
      INFO(file);
      check_same_as_yaml_cpp(read_config_text(file));
      ++files;
    }
  }
  CHECK(files > 40);
}

TEST_CASE("the subset's forms read as yaml-cpp reads them") {
  for (const std::string text : {
           "a: 1\nb: two words\n",
           "# head\na: 1   # note\n\n  # indented comment\nb: x#y\n",
           "outer:\n  inner: 3\n  deeper:\n    k: v\nnext: 2\n",
           "list:\n  - a\n  - b\n",
           "list:\n- a\n- b\nafter: 1\n",            // a key's list at the key's indent
           "rows:\n  - name: x\n    value: 1\n  -   name: y\n      value: 2\n",
           "a:\nb: 1\nc:   # nothing\n",               // nulls, marked where the next token starts
           "a:\nb: 1\nc:", "s:\n  -\n  - 1\n  -\n", "k:\n  - a:\n    b: 1\n", "a: 1\nb:\n\n\n  # c\n",
           "a: ~\nb: null\nc: Null\nd: NULL\ne: nil\n",
           "q: 'it''s # not a comment'\nd: \"say 'hi' # kept\"  # a comment\n",
           "flow: [a, b c,  'd, e', \"f\", ~, 3.5]\nempty: []\nspaced: [ x ]\n",
           "url: http://example.com/a:b\ntime: 12:30\n",
           "unicode: \xc2\xb5s and \xe2\x86\x92 arrows\nafter: [\xc2\xb5, x]\n",
           "key with spaces: v\nit's: 'x'\n",  // a quote inside a plain key is a character
           "trailing:    v   \n",
           "  indented: 1\n  root: 2\n",
           "seq:\n  -\n    k: v\n  - \n  - last\n",
           "a: -1\nb: -x\nc: [-1, -2]\n",
       }) {
    check_same_as_yaml_cpp(text);
  }
}

TEST_CASE("text outside the subset is left to yaml-cpp") {
  for (const std::string text : {
           "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: {b: 1}\n",
           "a: one\n  continued\n", "a: \"esc\\n\"\n", "a: 'open\n  quote'\n", "a:\tb\n", "a: 1\r\n",
           "---\na: 1\n", "a: [1,\n  2]\n", "a: [1, 2,]\n", "a: [[1]]\n", "a: b: c\n", "- - a\n",
           "a:\n  b: 1\n c: 2\n", "\"a\": 1\n", "? a\n: b\n", "<<: x\n", "", "# only a comment\n",
           "a: 1\n  b: 2\n", "a: [1] x\n", "a: \"q\"x\n", "\"quoted\" text: no\n",
       }) {
    INFO(text);
    CHECK_FALSE(subset(text).has_value());
  }
}

TEST_CASE("the subset stops at the bounds, leaving their errors to the counting parser") {
  // Three nested mappings are three levels; a bound of two refuses them, of three takes them.
  const std::string nested = "a:\n  b:\n    c: 1\n";
  CHECK_FALSE(parse_yaml_subset(nested, 2, 100).has_value());
  CHECK(parse_yaml_subset(nested, 3, 100).has_value());
  // 1 mapping + 3 keys + 3 values = 7 nodes.
  const std::string flat = "a: 1\nb: 2\nc: 3\n";
  CHECK_FALSE(parse_yaml_subset(flat, 32, 6).has_value());
  CHECK(parse_yaml_subset(flat, 32, 7).has_value());
}

TEST_CASE("numbers and truth values read as yaml-cpp's conversions read them") {
  for (const std::string text : {"1", "-1", "+1", "1.5", "-.5", ".5", "5.", "1e9", "1.5E-3", "2e+2", "0x10", "010", "1_000",
                                 "1e400", "1e-400", "inf", ".inf", "-.inf", ".nan", "nan", "", " 1", "1 ", "--1", "+-1",
                                 "1.2.3", "e1", "1e", "0.1", "15.8e12", "3758096384"}) {
    INFO(text);
    std::optional<double> theirs;
    try {
      theirs = YAML::Node(text).as<double>();
    } catch (const YAML::Exception&) {
    }
    const std::optional<double> ours = yaml_number(text);
    REQUIRE(ours.has_value() == theirs.has_value());
    if (ours && !std::isnan(*ours)) CHECK(*ours == *theirs);
  }
  for (const std::string text : {"true", "false", "True", "FALSE", "yes", "No", "on", "OFF", "y", "n", "tRUE", "1", ""}) {
    INFO(text);
    std::optional<bool> theirs;
    try {
      theirs = YAML::Node(text).as<bool>();
    } catch (const YAML::Exception&) {
    }
    CHECK(yaml_truth(text) == theirs);
  }
}
