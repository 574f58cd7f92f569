#include "models/model_spec.hpp"

#include "sim/config_node.hpp"
#include "sim/config_paths.hpp"

namespace anesim {

std::int64_t ModelSpec::closed_form_parameters() const {
  const std::int64_t c = hidden_size, f = ffn_size;
  const std::int64_t embeddings = vocab_size * c + max_positions * c + 2 * c;
  const std::int64_t attention = 4 * (c * c + c);
  const std::int64_t ffn = (c * f + f) + (f * c + c);
  const std::int64_t norms = 2 * 2 * c;
  const std::int64_t classifier = (c * c + c) + (c * num_labels + num_labels);
  return embeddings + layers * (attention + ffn + norms) + classifier;
}

namespace {
void one_of(ConfigNode& node, const std::string& key, const std::string& value, std::initializer_list<const char*> valid) {
  std::string list;
  for (const char* v : valid) {
    if (value == v) return;
    list += (list.empty() ? "" : ", ") + std::string(v);
  }
  node.fail(key, "unsupported value '" + value + "'", "use one of: " + list);
}
}  // namespace

ModelSpec load_model_file(const std::string& path) {
  ConfigNode root = ConfigNode::load_file(path);
  ModelSpec m;
  m.source_file = path;
  m.name = root.string("name");
  m.hf_id = root.string_or("hf_id", "");
  m.vocab_size = root.integer("vocab_size", 1, 1'000'000'000);
  m.hidden_size = root.integer("hidden_size", 1, 1'000'000);
  m.layers = root.integer("layers", 1, 100'000);
  m.heads = root.integer("heads", 1, 100'000);
  m.ffn_size = root.integer("ffn_size", 1, 10'000'000);
  m.max_positions = root.integer("max_positions", 1, 100'000'000);
  m.activation = root.string("activation");
  one_of(root, "activation", m.activation, {"gelu", "relu"});
  m.norm = root.string("norm");
  one_of(root, "norm", m.norm, {"layer_norm"});
  m.position = root.string("position");
  one_of(root, "position", m.position, {"learned"});
  m.head = root.string("head");
  one_of(root, "head", m.head, {"classifier"});
  m.num_labels = root.integer("num_labels", 1, 1'000'000);
  if (m.hidden_size % m.heads != 0) {
    root.fail("heads", "heads = " + std::to_string(m.heads) + " does not divide hidden_size = " + std::to_string(m.hidden_size),
              "choose heads so that hidden_size / heads is a whole number");
  }
  root.finish();
  return m;
}

ModelSpec load_model(const std::string& name_or_path, const std::string& config_dir) {
  return load_model_file(resolve_config(name_or_path, config_dir, "models"));
}

}  // namespace anesim
