#include "models/foreign_model_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "core/config_paths.hpp"
#include "core/error.hpp"

namespace anesim {

namespace {

// Keys every Hugging Face transformers config carries (one is enough); none is an anesim model key.
constexpr std::array<std::string_view, 4> k_hf_keys{"\"architectures\"", "\"model_type\"", "\"transformers_version\"",
                                                    "\"num_hidden_layers\""};

bool starts_like_json(const std::string& text) {
  const auto first = std::find_if(text.begin(), text.end(), [](unsigned char c) { return !std::isspace(c); });
  return first != text.end() && *first == '{';
}

std::string examples_hint() {
  return "give a Hugging Face config.json with its \"model_type\" (docs/hf-configs.md), or write a model YAML "
         "from its hyperparameters (hidden_size, layers, heads, ffn_size, vocab_size, max_positions, ...) and pass "
         "its path; the files in " +
         default_config_dir() + "/models/ (gpt2.yaml, llama-3.2-1b.yaml, ...) are examples";
}

}  // namespace

bool is_hf_config(const std::string& path, const std::string& text) {
  if (!path.ends_with(".json") && !starts_like_json(text)) return false;
  return std::any_of(k_hf_keys.begin(), k_hf_keys.end(),
                     [&](std::string_view key) { return text.find(key) != std::string::npos; });
}

void reject_foreign_model_file(const std::string& path, const std::string& text) {
  if (path.ends_with(".json") || starts_like_json(text)) {
    throw Error("this is a JSON file but not a Hugging Face config.json (it has no \"model_type\"); anesim reads a "
                "model from a YAML file or a config.json",
                examples_hint(), {path, 1, 1});
  }
}

}  // namespace anesim
