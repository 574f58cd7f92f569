#pragma once
// A Transformer's architecture as plain data (configs/models/*.yaml): hyperparameters only, no
// weights, which is all a cost model needs. One spec covers encoders (BERT family), decoders
// (GPT-2, Llama family) and their heads; the builder reads nothing else.
#include <cstdint>
#include <memory>
#include <string>

#include "ir/dtype.hpp"

namespace anesim {

struct OnnxModel;  // models/onnx/onnx_reader.hpp

// What the model reads: token ids (text), an image cut into patches by a strided convolution
// (ViT), or a log-mel spectrogram through two 1x3 convolutions (Whisper's encoder).
enum class InputKind : std::uint8_t { tokens, image, audio };
enum class FfnKind : std::uint8_t { mlp, swiglu };          // up, act, down | (gate, up), silu*mul, down
enum class Activation : std::uint8_t { gelu, gelu_tanh, relu, silu };
enum class NormKind : std::uint8_t { layer_norm, rms_norm };
// BERT: after the residual; GPT/Llama: before each block; Gemma2: both, a norm before each block
// and another on its output before the residual add (four per layer), plus the final norm.
enum class NormPlacement : std::uint8_t { post, pre, sandwich };
enum class PositionKind : std::uint8_t { learned, rope };
enum class AttentionKind : std::uint8_t { bidirectional, causal };
// How an encoder's padding mask reaches the scores. `additive`: Hugging Face BERT's
// (1 - mask) x min, built once and added in every layer. `replace`: DistilBERT's masked_fill,
// rebuilt in every layer from a bool tensor (and the query scaled before the product).
enum class PaddingMask : std::uint8_t { none, additive, replace };
enum class HeadKind : std::uint8_t {
  none,        // the bare model: last hidden state
  classifier,  // DistilBERT's: token 0 -> dense + ReLU -> dense to labels
  pooler,      // BERT's: token 0 -> dense + tanh
  lm_head,     // a language model's: every position -> vocabulary logits
};

struct ModelSpec {
  std::string name;
  std::string hf_id;
  std::string source_file;
  std::int64_t published_parameters = 0;  // the model card's figure, checked by tests; 0 if none

  InputKind input = InputKind::tokens;
  std::int64_t image_size = 0;    // image: pixels per side
  std::int64_t patch_size = 0;    // image: pixels per patch side
  std::int64_t channels = 3;      // image: colour channels
  std::int64_t mel_bins = 0;      // audio: spectrogram rows
  std::int64_t audio_frames = 0;  // audio: spectrogram columns (the second conv halves them)
  std::int64_t vocab_size = 0;
  std::int64_t hidden_size = 0;
  std::int64_t layers = 0;
  std::int64_t heads = 0;
  std::int64_t kv_heads = 0;  // grouped-query attention when below `heads`
  // One head's width when it is not hidden_size / heads (0: it is). Qwen3-0.6B has 16 heads of 128
  // at width 1024, Gemma-2B 8 of 256 at 2048: q projects hidden -> heads x head_dim and the output
  // projection heads x head_dim -> hidden.
  std::int64_t head_width = 0;
  // Per-head RMSNorm of queries and keys before the rotary embedding (Qwen3's q_norm and k_norm),
  // a weight of head_dim each, shared by the heads.
  bool qk_norm = false;
  std::int64_t ffn_size = 0;
  FfnKind ffn = FfnKind::mlp;
  Activation activation = Activation::gelu;
  NormKind norm = NormKind::layer_norm;
  NormPlacement norm_placement = NormPlacement::post;
  PositionKind position = PositionKind::learned;
  std::int64_t max_positions = 0;
  // Sliding-window attention's span in tokens (Mistral's 4096), 0 for none. Up to the window a
  // token attends to all before it, exactly as without one; beyond it the attention is banded,
  // which anesim does not model, so the window bounds the sequence (position_limit()).
  std::int64_t attention_window = 0;
  std::int64_t token_types = 0;    // segment embeddings (BERT 2, RoBERTa 1)
  bool embedding_norm = true;      // a norm right after the embeddings (BERT family)
  bool scale_embeddings = false;   // Gemma: the token embeddings times sqrt(hidden_size), one mul
  // Gemma2's soft caps, cap x tanh(x / cap) on the attention scores and on the lm_head's logits
  // (three ops each: scale, tanh, scale); 0 for none.
  double attention_softcap = 0;
  double final_softcap = 0;
  AttentionKind attention = AttentionKind::bidirectional;
  PaddingMask padding_mask = PaddingMask::additive;
  bool bias = true;                // biases on projections and norms
  bool qkv_bias = true;            // biases on q, k, v only (Qwen2 keeps these without `bias`)
  bool k_bias = true;              // Whisper drops the key's bias alone
  HeadKind head = HeadKind::classifier;
  bool tied_embeddings = true;     // lm_head shares the token embedding table
  bool pre_classifier = true;      // classifier: DistilBERT's dense + ReLU first; ViT's is one Linear
  std::int64_t num_labels = 2;
  // How the model ships (rule 8); a run may override both.
  DType weights = DType::fp16;
  double sparsity = 0;
  // An imported ONNX graph (models/onnx/): run as it is, the fields above unused but the name.
  std::shared_ptr<const OnnxModel> onnx;
  // Its inputs have no sequence axis (a CNN's image): a run is one position, whatever --seq says.
  bool onnx_without_seq = false;

  [[nodiscard]] std::int64_t head_dim() const { return head_width > 0 ? head_width : hidden_size / heads; }
  [[nodiscard]] std::int64_t q_dim() const { return heads * head_dim(); }  // what q projects to and o from
  [[nodiscard]] std::int64_t kv_dim() const { return kv_heads * head_dim(); }
  [[nodiscard]] bool is_decoder() const { return attention == AttentionKind::causal; }
  // The longest sequence (or KV cache plus one) the model can take. Learned positions are a table
  // of max_positions rows; rotary ones have no table, so a longer context costs more but is
  // possible (as with rope scaling), and only the graph-size guard bounds it.
  [[nodiscard]] std::int64_t position_limit() const;
  // Sequence length fixed by the input (ViT: patches + class token; Whisper: frames / 2; an
  // imported graph without a sequence axis: 1), or 0.
  [[nodiscard]] std::int64_t fixed_sequence() const;
  // The parameter count in closed form, term by term; tests hold the builder to it.
  [[nodiscard]] std::int64_t closed_form_parameters() const;
};

// Reads and validates configs/models/<name>.yaml or a user's file.
[[nodiscard]] ModelSpec load_model_file(const std::string& path);
[[nodiscard]] ModelSpec load_model(const std::string& name_or_path, const std::string& config_dir);

}  // namespace anesim
