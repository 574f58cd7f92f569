#pragma once
// What the config.json reader (models/hf_config.cpp) shares with the files that read each family's
// keys (hf_config.cpp: the BERT lineage, GPT-2 and the Llama lineage; hf_config_newer.cpp: Qwen3,
// Gemma, Gemma2, Phi-3; hf_config_signal.cpp: ViT and Whisper's encoder). Internal to models/.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/config_node.hpp"
#include "models/model_spec.hpp"

namespace anesim::hf {

inline constexpr std::int64_t k_max_size = 100'000'000;

struct Reading {
  ConfigNode& c;
  ModelSpec& m;
  std::int64_t head_dim = 0;  // the config's head_dim, 0 when absent
};

struct Family {
  std::string_view type;
  void (*read)(Reading&);
  std::span<const std::string_view> ignored;
  // The family's spelling of the sizes whose consistency is checked after reading.
  const char* hidden_key;
  const char* heads_key;
};

// transformers' ACT2FN names mapped onto ModelSpec's (`fallback` when the key is absent).
[[nodiscard]] Activation activation(ConfigNode& c, const std::string& key, const std::string& fallback);
[[nodiscard]] bool lists_architecture_ending(ConfigNode& c, std::string_view suffix);
[[nodiscard]] std::int64_t given_or(ConfigNode& c, const std::string& key, std::int64_t fallback);
[[nodiscard]] bool given_or(ConfigNode& c, const std::string& key, bool fallback);
// A cap that may be null (absent) or a positive number.
[[nodiscard]] double positive_or_zero(ConfigNode& c, const std::string& key);
// Llama's sizes and fixed choices (RMS pre-norms, rotary, SwiGLU, no biases, lm_head untied unless
// tie_word_embeddings), which the newer decoders start from; `swiglu` checks hidden_act is SiLU.
void read_llama_sizes(Reading& r, bool swiglu = true);
// GPT-2's blocks, which ViT and Whisper's encoder share: an MLP, pre-norm LayerNorms, learned (or
// stored) positions, no segment embeddings, no norm after the embeddings, no padding mask.
void pre_norm_learned_positions(ModelSpec& m, AttentionKind attention);
// A family whose attention_bias would put biases on q, k, v and o but not on the MLP, which
// ModelSpec's `bias` (o and the MLP together) cannot express: false only.
void require_no_attention_bias(ConfigNode& c);

// Keys the Llama lineage ignores (rotary frequencies, norm epsilons, training switches).
[[nodiscard]] std::span<const std::string_view> llama_ignored();

// Each file's families, in the order the docs list them.
[[nodiscard]] std::span<const Family> newer_decoder_families();  // hf_config_newer.cpp
[[nodiscard]] std::span<const Family> signal_families();         // hf_config_signal.cpp

}  // namespace anesim::hf
