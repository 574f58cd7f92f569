#pragma once
// A Transformer's architecture as plain data (configs/models/*.yaml): hyperparameters only, no
// weights, which is all a cost model needs.
#include <cstdint>
#include <string>

namespace anesim {

struct ModelSpec {
  std::string name;
  std::string hf_id;
  std::string source_file;
  std::int64_t vocab_size = 0;
  std::int64_t hidden_size = 0;
  std::int64_t layers = 0;
  std::int64_t heads = 0;
  std::int64_t ffn_size = 0;
  std::int64_t max_positions = 0;
  std::string activation = "gelu";  // gelu | relu
  std::string norm = "layer_norm";
  std::string position = "learned";
  std::string head = "classifier";
  std::int64_t num_labels = 2;

  [[nodiscard]] std::int64_t head_dim() const { return hidden_size / heads; }
  // Closed form of the parameter count (embeddings, layers, head), for checking builders.
  [[nodiscard]] std::int64_t closed_form_parameters() const;
};

// Reads and validates configs/models/<name>.yaml or a user's file.
[[nodiscard]] ModelSpec load_model_file(const std::string& path);
[[nodiscard]] ModelSpec load_model(const std::string& name_or_path, const std::string& config_dir);

}  // namespace anesim
