#include "models/model_spec.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include "models/foreign_model_file.hpp"
#include "models/hf_config.hpp"
#include "models/onnx/onnx_import.hpp"
#include "models/model_choices.hpp"
#include "core/choice_list.hpp"
#include "core/config_bounds.hpp"
#include "core/config_node.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

std::int64_t ModelSpec::position_limit() const {
  // 4 M tokens keeps every (S, S) tensor size well inside 64 bits.
  const std::int64_t positions = position == PositionKind::rope ? std::int64_t{1} << 22 : max_positions;
  return attention_window > 0 ? std::min(positions, attention_window) : positions;
}

std::int64_t ModelSpec::fixed_sequence() const {
  if (onnx) return onnx_without_seq ? 1 : 0;
  switch (input) {
    case InputKind::image: return (image_size / patch_size) * (image_size / patch_size) + 1;
    case InputKind::audio: return (audio_frames - 1) / 2 + 1;
    case InputKind::tokens: break;
  }
  return 0;
}

std::int64_t ModelSpec::closed_form_parameters() const {
  const std::int64_t c = hidden_size, f = ffn_size, q = q_dim(), kv = kv_dim();
  const std::int64_t norm_params = norm == NormKind::layer_norm && bias ? 2 * c : c;
  std::int64_t embeddings = vocab_size * c + token_types * c;
  if (input == InputKind::image) embeddings += c * channels * patch_size * patch_size + c + c;  // patch conv, class token
  if (input == InputKind::audio) embeddings += (c * mel_bins * 3 + c) + (c * c * 3 + c);     // two 1x3 convs
  if (position == PositionKind::learned) embeddings += max_positions * c;
  if (embedding_norm) embeddings += norm_params;
  const std::int64_t qkv_b = qkv_bias ? q + kv + (k_bias ? kv : 0) : 0;
  // q, k, v, o; the q/k norms are an RMSNorm weight of head_dim each.
  const std::int64_t attention = c * q + 2 * c * kv + qkv_b + q * c + (bias ? c : 0) + (qk_norm ? 2 * head_dim() : 0);
  const std::int64_t ffn_params = ffn == FfnKind::swiglu ? 3 * c * f + (bias ? 2 * f + c : 0)
                                                         : 2 * c * f + (bias ? f + c : 0);
  const std::int64_t norms_per_layer = norm_placement == NormPlacement::sandwich ? 4 : 2;
  const std::int64_t layer = attention + ffn_params + norms_per_layer * norm_params;
  std::int64_t total = embeddings + layers * layer;
  if (norm_placement != NormPlacement::post) total += norm_params;  // the final norm
  switch (head) {
    case HeadKind::none: break;
    case HeadKind::pooler: total += c * c + c; break;
    case HeadKind::classifier: total += (pre_classifier ? c * c + c : 0) + (c * num_labels + num_labels); break;
    case HeadKind::lm_head: total += tied_embeddings ? 0 : vocab_size * c; break;
  }
  return total;
}

namespace {
template <class E, std::size_t N>
E parse_choice(ConfigNode& node, const std::string& key, const std::array<Choice<E>, N>& choices,
               const char* fallback = nullptr) {
  const std::string list = choice_list(choices, &Choice<E>::name);
  node.expect(key, "one of " + list);  // a missing key's message lists what it takes
  if (!fallback && !node.has(key)) {
    (void)node.string(key);  // recorded as missing; finish() reports it with the others
    return choices[0].value;
  }
  const std::string value = fallback ? node.string_or(key, fallback) : node.string(key);
  for (const auto& [name, e] : choices) {
    if (value == name) return e;
  }
  node.fail(key, "unsupported value '" + value + "'", "use one of: " + list);
}

constexpr std::int64_t k_big = std::int64_t{1} << 40;
}  // namespace

namespace {
// A Hugging Face model is a folder (a hub snapshot, a save_pretrained output): its config.json.
std::string model_file_in(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return path;
  const std::string config = (std::filesystem::path(path) / "config.json").string();
  if (!std::filesystem::is_regular_file(config, ec)) {
    throw Error("'" + path + "' is a folder without a config.json", "give a model YAML file, or a Hugging Face model's folder");
  }
  return config;
}
}  // namespace

namespace {
// The checks that need the values read: shapes that do not tile, widths heads cannot split.
void check_sizes(ConfigNode& root, const ModelSpec& m) {
  if (m.input == InputKind::image && m.image_size % m.patch_size != 0) {
    root.fail("patch_size", "patch_size " + std::to_string(m.patch_size) + " does not divide image_size " + std::to_string(m.image_size),
              "choose a patch size that tiles the image");
  }
  if (m.input != InputKind::tokens && m.fixed_sequence() > m.max_positions) {
    root.fail("max_positions", std::to_string(m.max_positions) + " positions cannot hold the input's " + std::to_string(m.fixed_sequence()) + " tokens",
              "set max_positions to " + std::to_string(m.fixed_sequence()));
  }
  if (m.head_width == 0 && m.hidden_size % m.heads != 0) {
    root.fail("heads", "heads = " + std::to_string(m.heads) + " does not divide hidden_size = " + std::to_string(m.hidden_size),
              "choose heads so that hidden_size / heads is a whole number, or give head_dim");
  }
  if (m.q_dim() > 10'000'000) {  // bounds every projection's size (and the closed form's products)
    root.fail("head_dim", "heads x head_dim = " + std::to_string(m.q_dim()) + " query channels is more than anesim builds",
              "keep heads x head_dim at or below 10,000,000");
  }
  if (m.heads % m.kv_heads != 0) {
    root.fail("kv_heads", "kv_heads = " + std::to_string(m.kv_heads) + " does not divide heads = " + std::to_string(m.heads),
              "choose kv_heads so that heads / kv_heads is a whole number (grouped-query attention)");
  }
  if (m.position == PositionKind::rope && m.head_dim() % 2 != 0) {
    root.fail(m.head_width > 0 ? "head_dim" : "heads", "rotary positions need an even head dimension, got " + std::to_string(m.head_dim()),
              "choose an even head_dim, or heads so that hidden_size / heads is even");
  }
}
}  // namespace

ModelSpec load_model_file(const std::string& given) {
  const std::string path = model_file_in(given);
  if (path.ends_with(".onnx")) return load_onnx_model(path);
  const std::string text = read_config_text(path);
  if (is_hf_config(path, text)) return load_hf_config(path, text);
  reject_foreign_model_file(path, text);  // other JSON is not a YAML with odd keys: say what it is
  ConfigNode root = ConfigNode::load_string(text, path);
  ModelSpec m;
  m.source_file = path;
  m.name = root.string("name");
  m.hf_id = root.string_or("hf_id", "");
  m.published_parameters = root.integer_or("published_parameters", 0, 0, k_big);
  m.input = parse_choice(root, "input", k_input_choices, "tokens");
  if (m.input == InputKind::image) {
    m.image_size = root.integer("image_size", 1, 1'000'000);
    m.patch_size = root.integer("patch_size", 1, 1'000'000);
    m.channels = root.integer_or("channels", 3, 1, 1'000);
  }
  if (m.input == InputKind::audio) {
    m.mel_bins = root.integer("mel_bins", 1, 100'000);
    m.audio_frames = root.integer("audio_frames", 1, 100'000'000);
  }
  m.vocab_size = m.input == InputKind::tokens ? root.integer("vocab_size", 1, 100'000'000)
                                              : root.integer_or("vocab_size", 0, 0, 100'000'000);
  m.hidden_size = root.integer("hidden_size", 1, 1'000'000);
  m.layers = root.integer("layers", 1, 100'000);
  m.heads = root.integer("heads", 1, 100'000);
  m.kv_heads = root.integer_or("kv_heads", m.heads, 1, 100'000);
  m.head_width = root.integer_or("head_dim", 0, 1, 100'000);  // absent: hidden_size / heads
  m.qk_norm = root.boolean_or("qk_norm", false);
  m.ffn_size = root.integer("ffn_size", 1, 10'000'000);
  m.ffn = parse_choice(root, "ffn", k_ffn_choices, "mlp");
  m.activation = parse_choice(root, "activation", k_activation_choices);
  m.norm = parse_choice(root, "norm", k_norm_choices);
  m.norm_placement = parse_choice(root, "norm_placement", k_norm_placement_choices, "post");
  m.position = parse_choice(root, "position", k_position_choices);
  m.max_positions = root.integer("max_positions", 1, 100'000'000);
  m.attention_window = root.integer_or("attention_window", 0, 0, 100'000'000);
  m.token_types = root.integer_or("token_types", 0, 0, 1'000'000);
  m.embedding_norm = root.boolean_or("embedding_norm", true);
  m.scale_embeddings = root.boolean_or("scale_embeddings", false);
  m.attention_softcap = root.number_or("attention_softcap", 0, 0, 1e6);
  m.final_softcap = root.number_or("final_softcap", 0, 0, 1e6);
  m.attention = parse_choice(root, "attention", k_attention_choices, "bidirectional");
  m.padding_mask = parse_choice(root, "padding_mask", k_padding_mask_choices, m.is_decoder() ? "none" : "additive");
  m.bias = root.boolean_or("bias", true);
  m.qkv_bias = root.boolean_or("qkv_bias", m.bias);
  m.k_bias = root.boolean_or("k_bias", m.qkv_bias);
  m.head = parse_choice(root, "head", k_head_choices);
  m.tied_embeddings = root.boolean_or("tied_embeddings", true);
  m.pre_classifier = root.boolean_or("pre_classifier", true);
  m.num_labels = root.integer_or("num_labels", 2, 1, 1'000'000);
  const std::string weights = root.string_or("weights", std::string(dtype_name(DType::fp16)));
  if (!is_weight_precision(weights)) {
    root.fail("weights", "unsupported precision '" + weights + "'", "use " + choice_alternatives(weight_precision_names()));
  }
  m.weights = parse_dtype(weights);  // a bad value fails above, on its own line
  m.sparsity = root.number_or("sparsity", 0, 0, 0.99);
  root.finish();  // keys first (unknown, then missing), then the checks that need real values
  check_sizes(root, m);
  return m;
}

ModelSpec load_model(const std::string& name_or_path, const std::string& config_dir) {
  return load_model_file(resolve_config(name_or_path, config_dir, "models"));
}

}  // namespace anesim
