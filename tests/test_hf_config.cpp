// Hugging Face config.json files read as the models the shipped YAMLs describe. Each file under
// tests/data/hf/<name>/config.json holds the values published on the Hugging Face hub, as
// https://huggingface.co/<id>/blob/main/config.json serves them (ids below); JSON has no comments,
// so the source is here.
#include <doctest/doctest.h>

#include <array>
#include <string>

#include "models/model_spec.hpp"
#include "models/transformer_builder.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {

struct Published {
  const char* folder;  // tests/data/hf/<folder>/config.json, named for the shipped YAML
  const char* hub_id;  // where the config.json was copied from
  std::int64_t parameters;
};

// The published counts are the shipped YAMLs' published_parameters (sums of the checkpoints'
// tensors), worked out term by term in the first test case.
constexpr std::array<Published, 8> k_published{{
    {"bert-base-uncased", "google-bert/bert-base-uncased", 109'482'240},
    {"distilbert", "distilbert/distilbert-base-uncased-finetuned-sst-2-english", 66'955'010},
    {"roberta-base", "FacebookAI/roberta-base", 124'645'632},
    {"gpt2", "openai-community/gpt2", 124'439'808},
    {"llama-2-7b", "meta-llama/Llama-2-7b-hf", 6'738'415'616},
    {"mistral-7b", "mistralai/Mistral-7B-v0.1", 7'241'732'096},
    {"qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B", 494'032'768},
    {"llama-3.2-1b", "meta-llama/Llama-3.2-1B", 1'235'814'400},
}};

std::string hf_file(const std::string& folder) { return std::string(ANESIM_TEST_DATA_DIR) + "/hf/" + folder + "/config.json"; }

// Every field the builder reads; the labels (name, hf_id, source_file, published_parameters)
// are the file's business, and attention_window is checked on its own.
void check_same_architecture(const ModelSpec& hf, const ModelSpec& yaml) {
  CHECK(hf.input == yaml.input);
  CHECK(hf.vocab_size == yaml.vocab_size);
  CHECK(hf.hidden_size == yaml.hidden_size);
  CHECK(hf.layers == yaml.layers);
  CHECK(hf.heads == yaml.heads);
  CHECK(hf.kv_heads == yaml.kv_heads);
  CHECK(hf.ffn_size == yaml.ffn_size);
  CHECK(hf.ffn == yaml.ffn);
  CHECK(hf.activation == yaml.activation);
  CHECK(hf.norm == yaml.norm);
  CHECK(hf.norm_placement == yaml.norm_placement);
  CHECK(hf.position == yaml.position);
  CHECK(hf.max_positions == yaml.max_positions);
  CHECK(hf.token_types == yaml.token_types);
  CHECK(hf.embedding_norm == yaml.embedding_norm);
  CHECK(hf.attention == yaml.attention);
  CHECK(hf.padding_mask == yaml.padding_mask);
  CHECK(hf.bias == yaml.bias);
  CHECK(hf.qkv_bias == yaml.qkv_bias);
  CHECK(hf.k_bias == yaml.k_bias);
  CHECK(hf.head == yaml.head);
  CHECK(hf.tied_embeddings == yaml.tied_embeddings);
  CHECK(hf.pre_classifier == yaml.pre_classifier);
  CHECK(hf.num_labels == yaml.num_labels);
  CHECK(hf.weights == yaml.weights);
  CHECK(hf.sparsity == yaml.sparsity);
}

std::string error_for(const std::string& folder, const std::string& from, const std::string& to) {
  return test::error_loading_mutation(hf_file(folder), from, to, "anesim_bad_hf_config.json",
                                      [](const std::string& path) { return load_model_file(path); });
}

}  // namespace

TEST_CASE("published config.json files load as the shipped models, with the published parameter counts") {
  // bert-base-uncased, term by term: embeddings 30522 x 768 + 2 x 768 (segments) + 512 x 768
  // (positions) + 1,536 (norm) = 23,837,184; a layer 4 x 768^2 + 4 x 768 (attention) + 2 x 768 x
  // 3072 + 3072 + 768 (FFN) + 2 x 1,536 (norms) = 7,087,872, x 12 = 85,054,464; pooler 768^2 + 768
  // = 590,592; total 109,482,240. gpt2: 50257 x 768 + 1024 x 768 + the same 12 layers + a final
  // norm of 1,536 = 124,439,808 (lm_head tied). llama-2-7b: 32000 x 4096 (embeddings) + 32 x (4 x
  // 4096^2 + 3 x 4096 x 11008 + 2 x 4096) + 4096 + 32000 x 4096 (untied lm_head) = 6,738,415,616.
  // mistral-7b: k and v are 4096 x 1024 (8 KV heads of 128): 32 x (2 x 4096^2 + 2 x 4096 x 1024 +
  // 3 x 4096 x 14336 + 8192) + 4096 + 2 x 131,072,000 = 7,241,732,096. qwen2.5-0.5b: 151936 x 896
  // + 24 x (2 x 896^2 + 2 x 896 x 128 + (896 + 128 + 128) biases + 3 x 896 x 4864 + 1,792) + 896 =
  // 494,032,768 (tied). llama-3.2-1b: 128256 x 2048 + 16 x (2 x 2048^2 + 2 x 2048 x 512 + 3 x 2048
  // x 8192 + 4096) + 2048 = 1,235,814,400 (tied). distilbert: 30522 x 768 + 512 x 768 + 1,536 + 6 x
  // 7,087,872 + (768^2 + 768) + (768 x 2 + 2) = 66,955,010. roberta-base: 50265 x 768 + 768 + 514 x
  // 768 + 1,536 + 85,054,464 + 590,592 = 124,645,632.
  for (const Published& p : k_published) {
    INFO(p.folder << " from " << p.hub_id);
    const ModelSpec hf = load_model_file(hf_file(p.folder));
    const ModelSpec yaml = load_model(p.folder, default_config_dir());
    check_same_architecture(hf, yaml);
    CHECK(hf.closed_form_parameters() == p.parameters);
    CHECK(yaml.published_parameters == p.parameters);
    CHECK(build_transformer(hf, "baseline", 1, 8).parameter_count() == p.parameters);
    CHECK(build_transformer(hf, "ane", 1, 8).parameter_count() == p.parameters);
    CHECK(hf.source_file == hf_file(p.folder));
  }
}

TEST_CASE("a config.json is labelled by _name_or_path, else by its folder") {
  // Llama-2-7b-hf's published file carries "_name_or_path"; bert-base-uncased's does not.
  const ModelSpec llama = load_model_file(hf_file("llama-2-7b"));
  CHECK(llama.name == "meta-llama/Llama-2-7b-hf");
  CHECK(llama.hf_id == "meta-llama/Llama-2-7b-hf");
  const ModelSpec bert = load_model_file(hf_file("bert-base-uncased"));
  CHECK(bert.name == "bert-base-uncased");
  CHECK(bert.hf_id.empty());
  // The folder itself names the same file.
  CHECK(load_model_file(std::string(ANESIM_TEST_DATA_DIR) + "/hf/gpt2").closed_form_parameters() == 124'439'808);
}

TEST_CASE("Mistral's sliding window bounds the sequence at its 4096 tokens") {
  // Up to 4096 tokens each one attends to all before it, as without a window: the cost is
  // exactly the shipped YAML's. Beyond, attention is banded, which anesim does not model.
  const ModelSpec m = load_model_file(hf_file("mistral-7b"));
  CHECK(m.attention_window == 4096);
  CHECK(m.position_limit() == 4096);
  CHECK(load_model("mistral-7b", default_config_dir()).position_limit() == std::int64_t{1} << 22);
  CHECK_THROWS_WITH_AS((void)build_transformer(m, "ane", 1, 4097), doctest::Contains("4096-token attention window"), Error);
  CHECK(build_transformer(m, "ane", 1, 4096).parameter_count() == 7'241'732'096);
  // Qwen2.5's "sliding_window" is inert while "use_sliding_window" is false.
  CHECK(load_model_file(hf_file("qwen2.5-0.5b")).attention_window == 0);
}

TEST_CASE("a config.json anesim cannot cost is an error naming the file, the line and the key") {
  const std::string unknown = error_for("gpt2", "\"model_type\": \"gpt2\"", "\"model_type\": \"gpt_neox\"");
  CHECK(unknown.find("anesim_bad_hf_config.json:12:") != std::string::npos);  // "model_type" is line 12
  CHECK(unknown.find("model_type 'gpt_neox' is not one anesim reads") != std::string::npos);
  CHECK(unknown.find("bert, roberta, distilbert, gpt2, llama, mistral, qwen2") != std::string::npos);
  // Llama-3.2-1B's head_dim is 2048 / 32 = 64; an odd one cannot be rotated in pairs.
  const std::string head_dim = error_for("llama-3.2-1b", "\"head_dim\": 64", "\"head_dim\": 65");
  CHECK(head_dim.find(":9:") != std::string::npos);
  CHECK(head_dim.find("rotary positions need an even head width, got 65") != std::string::npos);
  // A mixture of experts multiplies the FFN: a key anesim does not know is not skipped.
  const std::string moe = error_for("mistral-7b", "\"num_key_value_heads\": 8,", "\"num_key_value_heads\": 8,\n  \"num_local_experts\": 8,");
  CHECK(moe.find("key 'num_local_experts': anesim does not read this key for model_type 'mistral'") != std::string::npos);
  CHECK(error_for("qwen2.5-0.5b", "\"use_sliding_window\": false", "\"use_sliding_window\": true").find("sliding window over some layers") !=
        std::string::npos);
  CHECK(error_for("bert-base-uncased", "\"absolute\"", "\"relative_key\"").find("relative position embeddings") != std::string::npos);
  // Missing sizes are reported together, each with what it takes.
  const std::string missing = error_for("bert-base-uncased", "\"hidden_size\": 768,\n", "");
  CHECK(missing.find("anesim_bad_hf_config.json:1:") != std::string::npos);
  CHECK(missing.find("missing required key 'hidden_size'") != std::string::npos);
  // A missing comma is named at its line (yaml-cpp alone would point at the opening brace).
  const std::string comma = error_for("gpt2", "\"n_head\": 12,", "\"n_head\": 12");
  CHECK(comma.find("anesim_bad_hf_config.json:15:15: JSON syntax error: missing ',' at the end of line 15") != std::string::npos);
}
