#pragma once
// Model files anesim cannot read yet, recognised so their error says what they are. A Hugging Face
// `config.json` is the file a user most often has at hand; until an importer exists, the error
// names it and says how to write the model YAML anesim reads instead.
#include <string>

namespace anesim {

// Throws anesim::Error when `text` (the contents of `path`) is a Hugging Face config.json, or any
// JSON file given where a model YAML is expected; returns otherwise.
void reject_foreign_model_file(const std::string& path, const std::string& text);

}  // namespace anesim
