// The newer decoders' config.json keys: Qwen3, Gemma, Gemma2 and Phi-3, each the Llama lineage
// plus what its modelling code adds (transformers' modeling_<type>.py).
#include <array>

#include "models/hf_config_family.hpp"

namespace anesim::hf {

namespace {

// As Llama's, plus what these families keep inert: Qwen3's per-layer window switch while
// use_sliding_window is false; Gemma2's query_pre_attn_scalar (the score scale's value) and
// cache_implementation (how generate() stores the KV cache); Phi-3's dropouts, its rotary base
// length (a frequency setting) and auto_map (where its remote code lives).
constexpr auto k_qwen3_ignored = std::to_array<std::string_view>({
    "rms_norm_eps", "rope_theta", "rope_scaling", "pretraining_tp", "attention_dropout", "sliding_window", "max_window_layers"});
constexpr auto k_gemma_ignored = std::to_array<std::string_view>({"rms_norm_eps", "rope_theta", "rope_scaling", "attention_dropout"});
constexpr auto k_gemma2_ignored = std::to_array<std::string_view>({
    "rms_norm_eps", "rope_theta", "rope_scaling", "attention_dropout", "query_pre_attn_scalar", "cache_implementation"});
constexpr auto k_phi3_ignored = std::to_array<std::string_view>({
    "rms_norm_eps", "rope_theta", "rope_scaling", "attention_dropout", "embd_pdrop", "resid_pdrop",
    "original_max_position_embeddings", "auto_map"});

// Qwen3ForCausalLM: Qwen2 without q/k/v biases, with an RMSNorm over each head's queries and keys
// (q_norm, k_norm) and a head_dim of its own.
void read_qwen3(Reading& r) {
  read_llama_sizes(r);
  ConfigNode& c = r.c;
  r.m.qk_norm = true;
  require_no_attention_bias(c);
  if (given_or(c, "use_sliding_window", false)) {
    c.fail("use_sliding_window", "Qwen3's sliding window over some layers is not modelled", "anesim models false");
  }
}

// GemmaForCausalLM: GeGLU (GELU, tanh form, on the gate), embeddings scaled by sqrt(hidden), tied
// lm_head, RMSNorm with (1 + weight), which Core ML folds into one constant weight: the same ops.
void read_gemma_common(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  // Gemma's code reads hidden_activation and falls back to the tanh GELU whatever hidden_act says.
  const std::string key = c.given("hidden_activation") ? "hidden_activation" : "hidden_act";
  const Activation gate = activation(c, key, "gelu_pytorch_tanh");
  if (gate != Activation::gelu && gate != Activation::gelu_tanh) {
    c.fail(key, "a gated FFN other than GeGLU is not modelled for Gemma", "anesim models \"gelu_pytorch_tanh\" (or \"gelu\")");
  }
  if (key == "hidden_activation") c.ignore("hidden_act");  // unused when hidden_activation is given
  m.activation = Activation::gelu_tanh;
  m.scale_embeddings = true;
  m.tied_embeddings = given_or(c, "tie_word_embeddings", true);
  require_no_attention_bias(c);
}

void read_gemma(Reading& r) {
  read_llama_sizes(r, false);  // Gemma's activation is read below
  read_gemma_common(r);
}

// Gemma2ForCausalLM: Gemma plus a norm on each block's output (four per layer), tanh soft caps of
// the attention scores and the final logits, and a sliding window on every other layer. Up to the
// window those layers attend exactly as the others, so the window bounds the sequence (as
// Mistral's does) and the cost is the same in every layer.
void read_gemma2(Reading& r) {
  read_gemma(r);
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  m.norm_placement = NormPlacement::sandwich;
  m.attention_softcap = positive_or_zero(c, "attn_logit_softcapping");
  m.final_softcap = positive_or_zero(c, "final_logit_softcapping");
  if (c.given("sliding_window")) m.attention_window = c.integer("sliding_window", 1, k_max_size);
}

// Phi3ForCausalLM: Llama's blocks with q, k and v fused into one qkv_proj and gate and up into one
// gate_up_proj. A fused projection has the separate ones' parameters and FLOPs; anesim builds them
// apart, as a Core ML export splitting the fused weight would. sliding_window bounds the sequence.
void read_phi3(Reading& r) {
  read_llama_sizes(r);
  ConfigNode& c = r.c;
  require_no_attention_bias(c);
  if (c.given("sliding_window")) r.m.attention_window = c.integer("sliding_window", 1, k_max_size);
}

constexpr std::array<Family, 4> k_families{{
    {"qwen3", read_qwen3, k_qwen3_ignored, "hidden_size", "num_attention_heads"},
    {"gemma", read_gemma, k_gemma_ignored, "hidden_size", "num_attention_heads"},
    {"gemma2", read_gemma2, k_gemma2_ignored, "hidden_size", "num_attention_heads"},
    {"phi3", read_phi3, k_phi3_ignored, "hidden_size", "num_attention_heads"},
}};

}  // namespace

std::span<const Family> newer_decoder_families() { return k_families; }

}  // namespace anesim::hf
