// config.json keys of the non-text encoders: ViT (an image cut into patches) and Whisper's audio
// encoder (a log-mel spectrogram through two convolutions). Both are pre-norm LayerNorm encoders
// with learned (ViT) or stored sinusoidal (Whisper) positions, as the shipped YAMLs describe them.
#include <array>

#include "models/hf_config_family.hpp"

namespace anesim::hf {

namespace {

// encoder_stride sizes ViTForMaskedImageModeling's decoder, which ViTModel and the classifier lack.
constexpr auto k_vit_ignored = std::to_array<std::string_view>({
    "attention_probs_dropout_prob", "hidden_dropout_prob", "layer_norm_eps", "encoder_stride"});
// anesim builds the encoder only (WhisperEncoder, what the zoo's whisper-*-encoder YAMLs are):
// the decoder's sizes, generation's token lists and SpecAugment (training) do not touch it;
// num_hidden_layers is transformers' alias of encoder_layers; classifier_proj_size and
// use_weighted_layer_sum configure WhisperForAudioClassification's head.
constexpr auto k_whisper_ignored = std::to_array<std::string_view>({
    "vocab_size", "decoder_layers", "decoder_attention_heads", "decoder_ffn_dim", "max_target_positions",
    "decoder_layerdrop", "decoder_start_token_id", "begin_suppress_tokens", "suppress_tokens", "forced_decoder_ids",
    "alignment_heads", "lang_ids", "is_encoder_decoder", "median_filter_width", "num_hidden_layers", "dropout",
    "attention_dropout", "activation_dropout", "encoder_layerdrop", "init_std", "apply_spec_augment",
    "mask_feature_length", "mask_feature_min_masks", "mask_feature_prob", "mask_time_length", "mask_time_min_masks",
    "mask_time_prob", "classifier_proj_size", "use_weighted_layer_sum"});

// ViT and Whisper's encoder: GPT-2's blocks without its causal mask or vocabulary, biases everywhere.
void encoder_defaults(ModelSpec& m) {
  pre_norm_learned_positions(m, AttentionKind::bidirectional);
  m.vocab_size = 0;
  m.kv_heads = m.heads;
  m.bias = true;
}

// ViTModel with its pooler, or with ViTForImageClassification in `architectures` the classifier
// (one Linear on the class token; labels: the size of id2label, else 2).
void read_vit(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  m.input = InputKind::image;
  m.hidden_size = c.integer("hidden_size", 1, k_max_size);
  m.layers = c.integer("num_hidden_layers", 1, k_max_size);
  m.heads = c.integer("num_attention_heads", 1, k_max_size);
  m.ffn_size = c.integer("intermediate_size", 1, k_max_size);
  m.image_size = given_or(c, "image_size", std::int64_t{224});  // ViTConfig's defaults
  m.patch_size = given_or(c, "patch_size", std::int64_t{16});
  m.channels = given_or(c, "num_channels", std::int64_t{3});
  m.activation = activation(c, "hidden_act", "gelu");
  encoder_defaults(m);
  m.qkv_bias = m.k_bias = given_or(c, "qkv_bias", true);
  if (m.image_size % m.patch_size != 0) {
    c.fail("patch_size", "patch_size " + std::to_string(m.patch_size) + " does not tile image_size " + std::to_string(m.image_size),
           "ViT cuts the image into whole patches: choose a patch size that divides the image size");
  }
  if (m.image_size / m.patch_size > 100'000) c.fail("image_size", "more than 100,000 patches a side", "use a smaller image or larger patches");
  m.max_positions = m.fixed_sequence();  // the patches and the class token
  m.head = HeadKind::pooler;
  if (lists_architecture_ending(c, "ForImageClassification")) {
    m.head = HeadKind::classifier;
    m.pre_classifier = false;
    m.num_labels = c.given("id2label") ? static_cast<std::int64_t>(c.child("id2label").keys().size()) : 2;
  }
}

// WhisperEncoder: conv1 and conv2 (stride 2) over a 30 s spectrogram of 2 x max_source_positions
// frames, stored sinusoidal positions, pre-norm blocks whose k_proj has no bias, a final norm.
void read_whisper(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  m.input = InputKind::audio;
  m.mel_bins = given_or(c, "num_mel_bins", std::int64_t{80});
  m.hidden_size = c.integer("d_model", 1, k_max_size);
  m.layers = c.integer("encoder_layers", 1, k_max_size);
  m.heads = c.integer("encoder_attention_heads", 1, k_max_size);
  m.ffn_size = c.integer("encoder_ffn_dim", 1, k_max_size);
  m.max_positions = c.integer("max_source_positions", 1, k_max_size);
  m.audio_frames = 2 * m.max_positions;  // conv2's stride halves the frames to the positions
  m.activation = activation(c, "activation_function", "gelu");
  if (given_or(c, "scale_embedding", false)) {
    c.fail("scale_embedding", "a scaled embedding is not modelled for Whisper", "anesim models false (every published Whisper)");
  }
  encoder_defaults(m);
  m.qkv_bias = true;
  m.k_bias = false;  // WhisperAttention: k_proj has no bias
  m.head = HeadKind::none;
}

constexpr std::array<Family, 2> k_families{{
    {"vit", read_vit, k_vit_ignored, "hidden_size", "num_attention_heads"},
    {"whisper", read_whisper, k_whisper_ignored, "d_model", "encoder_attention_heads"},
}};

}  // namespace

std::span<const Family> signal_families() { return k_families; }

}  // namespace anesim::hf
