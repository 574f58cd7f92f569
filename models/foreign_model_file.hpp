#pragma once
// Model files that are not anesim's model YAML, recognised by their contents. A Hugging Face
// `config.json` is the file a user most often has at hand, and models/hf_config.hpp reads it; any
// other JSON given as a model is rejected with a message that says what anesim reads instead.
#include <string>

namespace anesim {

// True when `text` (the contents of `path`) is a Hugging Face transformers config: JSON with a key
// every such config carries (model_type, architectures, ...) and no anesim model file has.
[[nodiscard]] bool is_hf_config(const std::string& path, const std::string& text);

// Throws anesim::Error when `text` is a JSON file that is not a Hugging Face config; returns
// otherwise (call is_hf_config first).
void reject_foreign_model_file(const std::string& path, const std::string& text);

}  // namespace anesim
