#pragma once
// A Hugging Face transformers `config.json` read as a ModelSpec, so a user's model runs without a
// hand-written model YAML. Each supported `model_type` names its hyperparameters its own way
// (bert's hidden_size is gpt2's n_embd and distilbert's dim) and fixes what the file leaves
// implicit (norm placement, FFN kind, head), as the family's modelling code does. A key that
// would change the cost in a way ModelSpec cannot express is an error; keys that do not change
// it are ignored by name (docs/hf-configs.md lists both), and any other key is an error too, since
// anesim cannot know it is harmless.
#include <string>
#include <string_view>
#include <vector>

#include "models/model_spec.hpp"

namespace anesim {

// The model_type values anesim reads, in the order the docs list them.
[[nodiscard]] std::vector<std::string_view> hf_model_types();

// Reads `text`, the contents of the config.json at `path`; throws anesim::Error naming file:line
// and the key on anything it cannot map.
[[nodiscard]] ModelSpec load_hf_config(const std::string& path, const std::string& text);

}  // namespace anesim
