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

// The 1-based line of the first occurrence of `needle`, or 1.
int line_of(const std::string& text, std::string_view needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return 1;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

bool starts_like_json(const std::string& text) {
  const auto first = std::find_if(text.begin(), text.end(), [](unsigned char c) { return !std::isspace(c); });
  return first != text.end() && *first == '{';
}

std::string examples_hint() {
  return "write a model YAML from its hyperparameters (hidden_size, num_hidden_layers as layers, num_attention_heads "
         "as heads, intermediate_size as ffn_size, vocab_size, max_position_embeddings as max_positions, ...) and "
         "pass its path; the files in " +
         default_config_dir() + "/models/ (gpt2.yaml, llama-3.2-1b.yaml, ...) are examples";
}

}  // namespace

void reject_foreign_model_file(const std::string& path, const std::string& text) {
  const bool json_name = path.ends_with(".json");
  if (!json_name && !starts_like_json(text)) return;
  for (std::string_view key : k_hf_keys) {
    if (text.find(key) != std::string::npos) {
      throw Error("this is a Hugging Face config.json (it has " + std::string(key) +
                      "), which anesim cannot import yet: it reads model YAML files",
                  examples_hint(), {path, line_of(text, key), 1});
    }
  }
  if (json_name) {
    throw Error("this is a JSON file; anesim reads a model from a YAML file", examples_hint(), {path, 1, 1});
  }
}

}  // namespace anesim
