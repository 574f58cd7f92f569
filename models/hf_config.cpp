#include "models/hf_config.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include "core/choice_list.hpp"
#include "core/error.hpp"
#include "models/hf_config_family.hpp"
#include "models/model_choices.hpp"

namespace anesim {

namespace hf {


// Keys any transformers config may carry that leave the cost alone: bookkeeping, token ids,
// generation defaults and training settings. `torch_dtype` is here because the ANE runs what Core
// ML converts the model to (fp16 unless --weights says otherwise), whatever the checkpoint holds;
// `architectures` names a task head, which only DistilBERT's reader looks at.
constexpr auto k_common_ignored = std::to_array<std::string_view>({
    "architectures", "transformers_version", "torch_dtype", "dtype", "use_cache", "bos_token_id", "eos_token_id", "pad_token_id",
    "sep_token_id", "initializer_range", "gradient_checkpointing", "label2id", "problem_type", "finetuning_task",
    "task_specific_params", "output_past", "output_attentions", "output_hidden_states", "return_dict", "torchscript",
    "tokenizer_class", "max_length", "do_sample", "num_beams", "temperature", "top_k", "top_p",
});
// Dropout is off at inference and a norm's epsilon is a constant: neither changes an op.
constexpr auto k_bert_ignored = std::to_array<std::string_view>({
    "attention_probs_dropout_prob", "hidden_dropout_prob", "classifier_dropout", "layer_norm_eps", "tie_word_embeddings"});
constexpr auto k_distilbert_ignored = std::to_array<std::string_view>({
    "dropout", "attention_dropout", "qa_dropout", "seq_classif_dropout", "tie_weights_"});
// n_ctx is n_positions' old name; summary_* configure GPT2DoubleHeadsModel's multiple-choice head;
// the attention scalings and the upcast change values, not ops.
constexpr auto k_gpt2_ignored = std::to_array<std::string_view>({
    "n_ctx", "attn_pdrop", "embd_pdrop", "resid_pdrop", "layer_norm_epsilon", "summary_type", "summary_use_proj",
    "summary_activation", "summary_proj_to_labels", "summary_first_dropout", "scale_attn_weights",
    "scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"});
// Rotary frequencies (theta, scaling) change the angles, not the rotation's ops; pretraining_tp
// splits matrices for training only.
constexpr auto k_llama_ignored = std::to_array<std::string_view>({
    "rms_norm_eps", "rope_theta", "rope_scaling", "pretraining_tp", "attention_dropout"});

// The tanh forms cost what exact GELU costs.
Activation activation(ConfigNode& c, const std::string& key, const std::string& fallback) {
  static constexpr auto names = std::to_array<Choice<Activation>>({
      {"gelu", Activation::gelu}, {"gelu_new", Activation::gelu_tanh}, {"gelu_pytorch_tanh", Activation::gelu_tanh},
      {"gelu_fast", Activation::gelu_tanh}, {"relu", Activation::relu}, {"silu", Activation::silu},
      {"swish", Activation::silu}});
  const std::string value = c.given(key) ? c.string(key) : fallback;
  for (const auto& [name, a] : names) {
    if (value == name) return a;
  }
  c.fail(key, "unsupported activation '" + value + "'", "anesim models " + choice_list(names, &Choice<Activation>::name));
}

bool lists_architecture_ending(ConfigNode& c, std::string_view suffix) {
  if (!c.given("architectures")) return false;
  for (const std::string& a : c.strings("architectures")) {
    if (a.ends_with(suffix)) return true;
  }
  return false;
}

std::int64_t given_or(ConfigNode& c, const std::string& key, std::int64_t fallback) {
  return c.given(key) ? c.integer(key, 1, k_max_size) : fallback;
}

bool given_or(ConfigNode& c, const std::string& key, bool fallback) { return c.given(key) ? c.boolean_or(key, fallback) : fallback; }

double positive_or_zero(ConfigNode& c, const std::string& key) { return c.given(key) ? c.number(key, 1e-6, 1e6) : 0.0; }

void require_no_attention_bias(ConfigNode& c) {
  if (given_or(c, "attention_bias", false)) {
    c.fail("attention_bias", "biases on q, k, v and o without the MLP's are not modelled", "anesim models false");
  }
}

std::span<const std::string_view> llama_ignored() { return k_llama_ignored; }

void pre_norm_learned_positions(ModelSpec& m, AttentionKind attention) {
  m.ffn = FfnKind::mlp;
  m.norm = NormKind::layer_norm;
  m.norm_placement = NormPlacement::pre;
  m.position = PositionKind::learned;
  m.token_types = 0;
  m.embedding_norm = false;
  m.attention = attention;
  m.padding_mask = PaddingMask::none;
}

}  // namespace hf

namespace {

namespace fs = std::filesystem;
using namespace hf;

// What every encoder of the BERT lineage shares: learned positions, a norm after the embeddings
// and after each residual add, biases everywhere, an additive padding mask.
void encoder_defaults(ModelSpec& m) {
  m.ffn = FfnKind::mlp;
  m.norm = NormKind::layer_norm;
  m.norm_placement = NormPlacement::post;
  m.position = PositionKind::learned;
  m.embedding_norm = true;
  m.attention = AttentionKind::bidirectional;
  m.padding_mask = PaddingMask::additive;
}

// BertModel and RobertaModel, pooler included: what AutoModel loads. A pretraining or task head
// named in `architectures` is not modelled (docs/hf-configs.md).
void read_bert(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  encoder_defaults(m);
  m.vocab_size = c.integer("vocab_size", 1, k_max_size);
  m.hidden_size = c.integer("hidden_size", 1, k_max_size);
  m.layers = c.integer("num_hidden_layers", 1, k_max_size);
  m.heads = c.integer("num_attention_heads", 1, k_max_size);
  m.kv_heads = m.heads;
  m.ffn_size = c.integer("intermediate_size", 1, k_max_size);
  m.max_positions = c.integer("max_position_embeddings", 1, k_max_size);
  m.token_types = c.given("type_vocab_size") ? c.integer("type_vocab_size", 0, k_max_size) : 2;  // BertConfig's default
  m.activation = activation(c, "hidden_act", "gelu");
  const std::string positions = c.given("position_embedding_type") ? c.string("position_embedding_type") : "absolute";
  if (positions != "absolute") {
    c.fail("position_embedding_type", "relative position embeddings ('" + positions + "') are not modelled",
           "anesim models \"absolute\" (a learned table)");
  }
  m.head = HeadKind::pooler;
}

// DistilBertModel, or with DistilBertForSequenceClassification its pre-classifier and classifier.
void read_distilbert(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  encoder_defaults(m);
  m.padding_mask = PaddingMask::replace;  // masked_fill in every layer
  m.token_types = 0;
  m.vocab_size = c.integer("vocab_size", 1, k_max_size);
  m.hidden_size = c.integer("dim", 1, k_max_size);
  m.layers = c.integer("n_layers", 1, k_max_size);
  m.heads = c.integer("n_heads", 1, k_max_size);
  m.kv_heads = m.heads;
  m.ffn_size = c.integer("hidden_dim", 1, k_max_size);
  m.max_positions = c.integer("max_position_embeddings", 1, k_max_size);
  m.activation = activation(c, "activation", "gelu");
  if (given_or(c, "sinusoidal_pos_embds", false)) {
    c.fail("sinusoidal_pos_embds", "fixed sinusoidal positions are not modelled", "anesim models learned positions (false)");
  }
  m.head = HeadKind::none;
  if (lists_architecture_ending(c, "ForSequenceClassification")) {
    m.head = HeadKind::classifier;
    m.num_labels = c.given("id2label") ? static_cast<std::int64_t>(c.child("id2label").keys().size()) : 2;
  }
}

// GPT2LMHeadModel: pre-norm blocks with a final norm, learned positions, biases, tied lm_head.
void read_gpt2(Reading& r) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  m.vocab_size = c.integer("vocab_size", 1, k_max_size);
  m.hidden_size = c.integer("n_embd", 1, k_max_size);
  m.layers = c.integer("n_layer", 1, k_max_size);
  m.heads = c.integer("n_head", 1, k_max_size);
  m.kv_heads = m.heads;
  m.ffn_size = given_or(c, "n_inner", 4 * m.hidden_size);  // null: four times the width
  m.max_positions = c.integer("n_positions", 1, k_max_size);
  m.activation = activation(c, "activation_function", "gelu_new");
  if (given_or(c, "add_cross_attention", false)) {
    c.fail("add_cross_attention", "cross-attention to an encoder is not modelled", "anesim models decoder-only GPT-2 (false)");
  }
  pre_norm_learned_positions(m, AttentionKind::causal);
  m.head = HeadKind::lm_head;
  m.tied_embeddings = given_or(c, "tie_word_embeddings", true);
}

}  // namespace

// The Llama lineage's ForCausalLM: RMS pre-norms, rotary positions, SwiGLU, grouped-query
// attention, no biases unless asked, lm_head untied unless asked.
void hf::read_llama_sizes(Reading& r, bool swiglu) {
  ConfigNode& c = r.c;
  ModelSpec& m = r.m;
  m.vocab_size = c.integer("vocab_size", 1, k_max_size);
  m.hidden_size = c.integer("hidden_size", 1, k_max_size);
  m.layers = c.integer("num_hidden_layers", 1, k_max_size);
  m.heads = c.integer("num_attention_heads", 1, k_max_size);
  m.kv_heads = given_or(c, "num_key_value_heads", m.heads);
  m.ffn_size = c.integer("intermediate_size", 1, k_max_size);
  m.max_positions = c.integer("max_position_embeddings", 1, k_max_size);
  r.head_dim = c.given("head_dim") ? c.integer("head_dim", 1, 100'000) : 0;
  if (swiglu && activation(c, "hidden_act", "silu") != Activation::silu) {
    c.fail("hidden_act", "a gated FFN other than SwiGLU is not modelled", "anesim models \"silu\"");
  }
  m.activation = Activation::silu;
  m.ffn = FfnKind::swiglu;
  m.norm = NormKind::rms_norm;
  m.norm_placement = NormPlacement::pre;
  m.position = PositionKind::rope;
  m.token_types = 0;
  m.embedding_norm = false;
  m.attention = AttentionKind::causal;
  m.padding_mask = PaddingMask::none;
  m.bias = m.qkv_bias = m.k_bias = false;
  m.head = HeadKind::lm_head;
  m.tied_embeddings = given_or(c, "tie_word_embeddings", false);
}

namespace {

void read_llama(Reading& r) {
  read_llama_sizes(r);
  ConfigNode& c = r.c;
  const bool attention_bias = given_or(c, "attention_bias", false), mlp_bias = given_or(c, "mlp_bias", false);
  // ModelSpec's `bias` puts biases on the output projection and the MLP together.
  if (attention_bias != mlp_bias) {
    c.fail("mlp_bias", "attention_bias and mlp_bias differ, which anesim cannot model",
           "anesim models both false (Llama) or both true");
  }
  r.m.bias = r.m.qkv_bias = r.m.k_bias = attention_bias;
}

void read_mistral(Reading& r) {
  read_llama_sizes(r);
  if (r.c.given("sliding_window")) r.m.attention_window = r.c.integer("sliding_window", 1, k_max_size);
}

void read_qwen2(Reading& r) {
  read_llama_sizes(r);
  ConfigNode& c = r.c;
  r.m.qkv_bias = r.m.k_bias = true;  // Qwen2Attention: q, k, v with biases, o_proj without
  if (given_or(c, "use_sliding_window", false)) {
    c.fail("use_sliding_window", "Qwen2's sliding window over some layers is not modelled", "anesim models false");
  }
  if (given_or(c, "use_mrope", false)) {
    c.fail("use_mrope", "Qwen2-VL's multimodal rotary positions are not modelled", "anesim models text-only Qwen2 (false)");
  }
  c.ignore("sliding_window");  // unused while use_sliding_window is false
  c.ignore("max_window_layers");
}

constexpr std::array<Family, 7> k_text_families{{
    {"bert", read_bert, k_bert_ignored, "hidden_size", "num_attention_heads"},
    {"roberta", read_bert, k_bert_ignored, "hidden_size", "num_attention_heads"},
    {"distilbert", read_distilbert, k_distilbert_ignored, "dim", "n_heads"},
    {"gpt2", read_gpt2, k_gpt2_ignored, "n_embd", "n_head"},
    {"llama", read_llama, k_llama_ignored, "hidden_size", "num_attention_heads"},
    {"mistral", read_mistral, k_llama_ignored, "hidden_size", "num_attention_heads"},
    {"qwen2", read_qwen2, k_llama_ignored, "hidden_size", "num_attention_heads"},
}};

std::vector<const Family*> all_families() {
  std::vector<const Family*> out;
  for (const auto& list : {std::span<const Family>(k_text_families), newer_decoder_families(), signal_families()}) {
    for (const Family& f : list) out.push_back(&f);
  }
  return out;
}

const Family& family_of(ConfigNode& c) {
  std::string list;
  for (const Family* f : all_families()) list += (list.empty() ? "" : ", ") + std::string(f->type);
  if (!c.given("model_type")) {  // before any other key: it says how to read them
    throw Error("missing required key 'model_type'", "add \"model_type\": one of " + list, c.where());
  }
  const std::string type = c.string("model_type");
  for (const Family* f : all_families()) {
    if (f->type == type) return *f;
  }
  c.fail("model_type", "model_type '" + type + "' is not one anesim reads",
         "supported model types: " + list + " (docs/hf-configs.md); or write a model YAML (configs/models/ has examples)");
}

// Unknown keys first: one anesim does not know may change the cost, so it is not skipped.
void reject_unread_keys(ConfigNode& c, const Family& f) {
  for (const auto& key : k_common_ignored) c.ignore(std::string(key));
  for (const auto& key : f.ignored) c.ignore(std::string(key));
  for (const std::string& key : c.unread_keys()) {
    c.fail(key, "anesim does not read this key for model_type '" + std::string(f.type) + "' and cannot tell whether it changes the cost",
           "docs/hf-configs.md lists the keys each model type reads and those it ignores; a key that does not change "
           "the cost can be deleted from a copy of the file");
  }
  c.finish();  // then every missing required key at once
}

void check_sizes(ConfigNode& c, const Family& f, Reading& r) {
  ModelSpec& m = r.m;
  // A head_dim apart from hidden / heads (Qwen3, Gemma) is the model's; equal to it, the default.
  if (r.head_dim != 0 && (m.hidden_size % m.heads != 0 || r.head_dim != m.hidden_size / m.heads)) m.head_width = r.head_dim;
  if (m.head_width > 0 && m.q_dim() > 10'000'000) {
    c.fail("head_dim", std::to_string(m.heads) + " heads of " + std::to_string(m.head_width) + " are wider than anesim builds",
           "anesim builds up to 10,000,000 query channels (heads x head_dim)");
  }
  if (m.head_width == 0 && m.hidden_size % m.heads != 0) {
    c.fail(f.heads_key, std::to_string(m.heads) + " heads do not divide the width " + std::to_string(m.hidden_size),
           "give head_dim, or heads that divide the width");
  }
  if (m.heads % m.kv_heads != 0) {
    c.fail("num_key_value_heads", std::to_string(m.kv_heads) + " key/value heads do not divide " + std::to_string(m.heads) + " heads",
           "grouped-query attention shares each key/value head among heads / num_key_value_heads query heads");
  }
  if (m.position == PositionKind::rope && m.head_dim() % 2 != 0) {
    c.fail(m.head_width > 0 ? "head_dim" : f.heads_key, "rotary positions need an even head width, got " + std::to_string(m.head_dim()),
           "choose an even head width");
  }
}

// yaml-cpp reports a JSON entry missing its comma at the mapping's opening brace ("end of map flow
// not found"), the commonest slip in a hand-edited config.json; this names the line instead. JSON
// strings hold no raw newline, so a line that starts a key after a line ending in a value is one.
void check_commas(const std::string& text, const std::string& path) {
  std::string previous;
  int line = 0, previous_line = 0, previous_end = 0;  // previous_end: the column after its last character
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view row(text.data() + start, end - start);
    ++line;
    const auto first = row.find_first_not_of(" \t\r"), last = row.find_last_not_of(" \t\r");
    if (first != std::string_view::npos) {
      const std::string_view trimmed = row.substr(first, last - first + 1);
      if (trimmed.front() == '"' && !previous.empty() && std::string_view(",{[").find(previous.back()) == std::string_view::npos) {
        throw Error("JSON syntax error: missing ',' at the end of line " + std::to_string(previous_line),
                    "separate each entry from the next with a comma", {path, previous_line, previous_end});
      }
      previous = trimmed;
      previous_line = line;
      previous_end = static_cast<int>(last) + 2;
    }
    start = end + 1;
  }
}

std::string label(ConfigNode& c, const std::string& path) {
  const std::string given = c.given("_name_or_path") ? c.string("_name_or_path") : "";
  if (!given.empty()) return given;
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(fs::path(path), ec);
  if (!ec && file.filename() == "config.json" && !file.parent_path().filename().empty()) {
    return file.parent_path().filename().string();  // a model's folder is named for the model
  }
  return fs::path(path).stem().string();
}

}  // namespace

std::vector<std::string_view> hf_model_types() {
  std::vector<std::string_view> out;
  for (const Family* f : all_families()) out.push_back(f->type);
  return out;
}

ModelSpec load_hf_config(const std::string& path, const std::string& text) {
  check_commas(text, path);
  ConfigNode c = ConfigNode::load_string(text, path);
  const Family& f = family_of(c);
  ModelSpec m;
  m.source_file = path;
  m.name = label(c, path);
  m.hf_id = c.given("_name_or_path") ? m.name : "";
  Reading r{c, m};
  f.read(r);
  reject_unread_keys(c, f);
  check_sizes(c, f, r);
  return m;
}

}  // namespace anesim
