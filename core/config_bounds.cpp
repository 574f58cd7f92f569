#include "core/config_bounds.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "core/yaml_comments.hpp"
#include "core/yaml_subset.hpp"

namespace anesim {

namespace {

// The location of byte `offset` of `text`, 1-based.
SourceLocation location_at(const std::string& text, std::size_t offset, const std::string& file) {
  const std::size_t end = std::min(offset, text.size());
  const auto newlines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
  const std::size_t line_start = end == 0 ? 0 : text.rfind('\n', end - 1);
  const std::size_t column = line_start == std::string::npos ? end + 1 : end - line_start;
  return {file, static_cast<int>(newlines) + 1, static_cast<int>(column)};
}

[[noreturn]] void too_long(const std::string& text, const std::string& file) {
  throw Error(fmt::format("the file is longer than {} bytes, the most a config may be", k_config_max_bytes),
              "a config is a few kilobytes of keys; is this the right file? (the bound keeps a wrong or hostile "
              "file from taking minutes and gigabytes to read)",
              location_at(text, k_config_max_bytes, file));
}

// Sizes each node as the parser reports it, an alias at the expanded size of the node it names.
class ExpansionCounter : public YAML::EventHandler {
 public:
  explicit ExpansionCounter(std::string file) : m_file(std::move(file)) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= m_anchors.size() || m_anchors[anchor].open) {
      throw Error("an alias refers to a node that contains it, a cycle with no end",
                  "give the alias's node its own value instead of a reference to an enclosing one", at(mark));
    }
    const Named& named = m_anchors[anchor];
    add(mark, named.nodes, named.depth);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Named {  // an anchored node
    std::uint64_t nodes = 0;
    int depth = 0;  // levels of nesting at and below it
    bool open = true;
  };
  struct Open {  // a mapping or list being read
    YAML::anchor_t anchor;
    std::uint64_t nodes;  // itself and what it holds so far, expanded
    int depth;            // the deepest nesting below it so far, itself included
  };

  SourceLocation at(const YAML::Mark& mark) const { return {m_file, mark.line + 1, mark.column + 1}; }

  void name(YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor) return;
    if (m_anchors.size() <= anchor) m_anchors.resize(anchor + 1);
    m_anchors[anchor] = Named{};
  }

  // A node of `nodes` expanded nodes, `depth` levels deep, at the current position.
  void add(const YAML::Mark& mark, std::uint64_t nodes, int depth) {
    const int total_depth = static_cast<int>(m_open.size()) + depth;
    if (total_depth > k_config_max_depth) {
      throw Error(fmt::format("the config nests deeper than {} levels of mappings and lists{}", k_config_max_depth,
                              depth > 1 ? ", aliases expanded" : ""),
                  "flatten the config: the shipped ones nest a few levels (the bound keeps every walk of the tree shallow)",
                  at(mark));
    }
    // Saturating: a bomb's count may exceed 64 bits before the bound is checked.
    m_total = nodes > k_config_max_nodes ? nodes : m_total + nodes;
    if (m_total > k_config_max_nodes) {
      throw Error(fmt::format("the config expands to more than {} nodes{}", k_config_max_nodes,
                              nodes > 1 ? " (this alias repeats a large part of it)" : ""),
                  "write each value out once instead of repeating aliases of aliases (the bound keeps a "
                  "2 KB alias bomb from taking minutes to read)",
                  at(mark));
    }
    if (!m_open.empty()) {
      Open& parent = m_open.back();
      parent.nodes += nodes;
      parent.depth = std::max(parent.depth, depth + 1);
    }
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add(mark, 1, 0);
    if (anchor != YAML::NullAnchor) {
      name(anchor);
      m_anchors[anchor] = Named{1, 0, false};
    }
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add(mark, 1, 1);
    name(anchor);
    m_open.push_back({anchor, 1, 1});
  }
  void close() {
    const Open done = m_open.back();
    m_open.pop_back();
    // Its own node was counted when it opened; what it holds is added to its parent now.
    if (!m_open.empty()) {
      Open& parent = m_open.back();
      parent.nodes += done.nodes - 1;
      parent.depth = std::max(parent.depth, done.depth + 1);
    }
    if (done.anchor != YAML::NullAnchor) m_anchors[done.anchor] = Named{done.nodes, done.depth, false};
  }

  std::string m_file;
  std::vector<Named> m_anchors;  // by anchor id; yaml-cpp numbers every anchor definition anew
  std::vector<Open> m_open;
  std::uint64_t m_total = 0;
};

}  // namespace

std::string read_config_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open config file '" + path + "'", "check the path, or use a shipped name");
  // One byte past the bound tells a file of exactly the bound from a longer one. Read in blocks:
  // a buffer of the bound's size made every start fault in 2 x 256 pages for two small files.
  std::string text;
  char block[16384];
  while (text.size() <= k_config_max_bytes && in.read(block, sizeof block).gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error("cannot read config file '" + path + "'", "check that it is a readable file, not a folder");
  if (text.size() > k_config_max_bytes) {
    text.resize(k_config_max_bytes + 1);
    too_long(text, path);
  }
  return text;
}

namespace {

// What must hold before the parser sees the text at all.
void check_config_text(const std::string& text, const std::string& file) {
  if (text.size() > k_config_max_bytes) too_long(text, file);
  // yaml-cpp rewrites a raw NUL without a word and copies stray bytes into names, which then
  // break the JSON and CSV they are written to: the file must be UTF-8 text.
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    throw Error("the file holds a NUL (zero) byte, which a YAML config cannot",
                "the file is binary, UTF-16 or damaged; save it as UTF-8 text", location_at(text, nul, file));
  }
  if (const auto bad = invalid_utf8_at(text); bad != std::string::npos) {
    throw Error(fmt::format("the file is not valid UTF-8: byte 0x{:02x} starts no UTF-8 character",
                            static_cast<unsigned char>(text[bad])),
                "save the file as UTF-8 (names in it are written to JSON, which must be UTF-8)", location_at(text, bad, file));
  }
}

// Counts the parser's events as it reads, before any tree is built.
void count_parsed(const std::string& yaml, const std::string& file) {
  std::istringstream in(yaml);
  ExpansionCounter counter(file);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(counter);
  } catch (const YAML::Exception&) {
    // A syntax error: the caller's own parse reports it, with its fixes.
  }
}

// A text without anchors or aliases expands to the tree yaml-cpp builds, node for node, and one
// this small with this few indicators (each level of nesting takes a `:`, `-`, `?`, `[` or `{`)
// parses quickly and within yaml-cpp's own recursion limit (2,000 levels), whatever it holds.
// Such a tree can be counted after the parse, by replaying its events in document order, instead
// of parsing the text a second time just to count (half of reading a config; issue 22).
bool countable_as_tree(const std::string& yaml) {
  constexpr std::size_t k_small = 65536, k_few_indicators = 1000;
  if (yaml.size() > k_small || yaml.find_first_of("&*") != std::string::npos) return false;
  return static_cast<std::size_t>(std::count_if(yaml.begin(), yaml.end(), [](char c) {
           return c == ':' || c == '-' || c == '?' || c == '[' || c == '{';
         })) < k_few_indicators;
}

// The events the parser gave when it built `node` (no aliases: countable_as_tree).
void replay(const YAML::Node& node, YAML::EventHandler& handler) {
  const YAML::Mark mark = node.Mark();
  switch (node.Type()) {
    case YAML::NodeType::Null: handler.OnNull(mark, YAML::NullAnchor); break;
    case YAML::NodeType::Scalar: handler.OnScalar(mark, node.Tag(), YAML::NullAnchor, node.Scalar()); break;
    case YAML::NodeType::Sequence:
      handler.OnSequenceStart(mark, node.Tag(), YAML::NullAnchor, node.Style());
      for (const YAML::Node& item : node) replay(item, handler);
      handler.OnSequenceEnd();
      break;
    case YAML::NodeType::Map:
      handler.OnMapStart(mark, node.Tag(), YAML::NullAnchor, node.Style());
      for (const auto& entry : node) {
        replay(entry.first, handler);
        replay(entry.second, handler);
      }
      handler.OnMapEnd();
      break;
    case YAML::NodeType::Undefined: break;
  }
}

// yaml-cpp's tree as anesim's, aliases expanded (bounded: counted before).
ConfigValue tree_of(const YAML::Node& node) {
  ConfigValue v;
  const YAML::Mark mark = node.Mark();
  v.line = mark.line;
  v.column = mark.line < 0 ? -1 : mark.column;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      v.kind = ConfigValue::Kind::scalar;
      v.text = node.Scalar();
      v.plain = node.Tag() != "!";
      break;
    case YAML::NodeType::Sequence:
      v.kind = ConfigValue::Kind::sequence;
      for (const YAML::Node& item : node) v.items.push_back(tree_of(item));
      break;
    case YAML::NodeType::Map:
      v.kind = ConfigValue::Kind::mapping;
      for (const auto& entry : node) v.entries.push_back({tree_of(entry.first), tree_of(entry.second)});
      break;
    default: break;  // null
  }
  return v;
}

YAML::Node load_with_yaml_cpp(const std::string& text, const std::string& file) {
  const std::string yaml = without_yaml_comments(text);
  if (countable_as_tree(yaml)) {
    try {
      YAML::Node root = YAML::Load(yaml);
      ExpansionCounter counter(file);
      replay(root, counter);
      return root;
    } catch (const YAML::Exception&) {
      // Below, counting first: a bound crossed before the syntax error is the one reported.
    }
  }
  count_parsed(yaml, file);
  try {
    return YAML::Load(yaml);
  } catch (const YAML::Exception&) {
    // From the text as written, so that the error's fixes read the file's own lines.
  }
  count_parsed(text, file);
  return YAML::Load(text);
}

}  // namespace

ConfigValue parse_with_yaml_cpp(const std::string& text, const std::string& file) {
  check_config_text(text, file);
  return tree_of(load_with_yaml_cpp(text, file));
}

ConfigValue load_bounded_yaml(const std::string& text, const std::string& file) {
  check_config_text(text, file);
  if (auto tree = parse_yaml_subset(text, k_config_max_depth, k_config_max_nodes)) return std::move(*tree);
  return tree_of(load_with_yaml_cpp(text, file));
}

}  // namespace anesim
