// Configs are parsed once, without their comments (core/yaml_comments.hpp, core/config_bounds.hpp):
// the cut must leave every value, and every line:column an error points at, as the file has them.
#include <string>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "core/config_paths.hpp"
#include "core/config_bounds.hpp"
#include "core/error.hpp"
#include "core/yaml_comments.hpp"

using namespace anesim;

TEST_CASE("comments are cut to the end of their line with the blanks before them; the lines stay") {
  CHECK(without_yaml_comments("# head\nkey: 1   # note\n") == "\nkey: 1\n");
  CHECK(without_yaml_comments("a:\n  b: 2\t# tab before\n# last") == "a:\n  b: 2\n");
  CHECK(without_yaml_comments("k: v # c\r\nn: 1\r\n") == "k: v\r\nn: 1\r\n");
  // Not comments: a # inside a word, or a file without any.
  CHECK(without_yaml_comments("name: C#sharp\nurl: a#b\n") == "name: C#sharp\nurl: a#b\n");
  CHECK(without_yaml_comments("").empty());
}

TEST_CASE("from a quote or a block scalar on, the text is kept as written") {
  // The quoted value spans two lines; its second line's " # x" is text, not a comment.
  const std::string quoted = "a: 1 # one\nb: \"first\n  # x\"\nc: 3 # three\n";
  CHECK(without_yaml_comments(quoted) == "a: 1\nb: \"first\n  # x\"\nc: 3 # three\n");
  CHECK(YAML::Load(without_yaml_comments(quoted))["b"].as<std::string>() == "first # x");
  const std::string block = "a: 1 # one\nb: |-\n  # kept\nc: 2 # two\n";
  CHECK(without_yaml_comments(block) == "a: 1\nb: |-\n  # kept\nc: 2 # two\n");
  CHECK(YAML::Load(without_yaml_comments(block))["b"].as<std::string>() == "# kept");
  CHECK(without_yaml_comments("x: >2 # folded\n  # t\n") == "x: >2 # folded\n  # t\n");
  // A quote inside a comment is the comment's: the line is cut and the next one too.
  CHECK(without_yaml_comments("a: 1 # Apple's \"figure\"\nb: 2 # two\n") == "a: 1\nb: 2\n");
}

namespace {
// The same tree: kinds, scalars, keys in order, and each node's line and column.
void check_same(const YAML::Node& a, const YAML::Node& b, const std::string& where) {
  INFO(where);
  REQUIRE(a.Type() == b.Type());
  CHECK(a.Mark().line == b.Mark().line);
  CHECK(a.Mark().column == b.Mark().column);
  if (a.IsScalar()) CHECK(a.Scalar() == b.Scalar());
  if (a.IsSequence()) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) check_same(a[i], b[i], where + "[" + std::to_string(i) + "]");
  }
  if (a.IsMap()) {
    REQUIRE(a.size() == b.size());
    auto ib = b.begin();
    for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
      check_same(ia->first, ib->first, where + " key");
      check_same(ia->second, ib->second, where + "." + ia->first.Scalar());
    }
  }
}
}  // namespace

TEST_CASE("every shipped config reads the same with and without its comments") {
  // 26 chips, the models, sweeps and validation sets: all of configs/ but the ONNX graphs.
  int files = 0;
  for (const char* kind : {"chips", "models", "sweeps", "validation"}) {
    for (const std::string& file : config_files(default_config_dir(), kind)) {
      const std::string text = read_config_text(file);
      check_same(YAML::Load(text), YAML::Load(without_yaml_comments(text)), file);
      ++files;
    }
  }
  CHECK(files > 40);
}

TEST_CASE("a config is bounded the same whether its tree is counted after the parse or during it") {
  // 40 nested lists have no alias and few indicators: counted on the parsed tree. 3,000 have too
  // many indicators for that (yaml-cpp's own limit is 2,000 levels): counted while parsing. Both
  // stop at the 33rd list, whose `[` is the line's 33rd byte.
  for (const int levels : {40, 3000}) {
    INFO(levels);
    const std::string text = std::string(static_cast<std::size_t>(levels), '[') + std::string(static_cast<std::size_t>(levels), ']');
    try {
      (void)load_bounded_yaml(text, "deep.yaml");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.message() == "the config nests deeper than 32 levels of mappings and lists");
      CHECK(e.where().to_string() == "deep.yaml:1:33");
    }
  }
}
