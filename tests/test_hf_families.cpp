// config.json families that need more than the Llama lineage's ModelSpec: Qwen3 (a head_dim of its
// own, q/k norms), Gemma (GeGLU, a scaled embedding), Gemma2 (four norms a layer, tanh soft caps,
// a sliding window), Phi-3 (fused projections, a sliding window), ViT and Whisper's encoder. Each file under
// tests/data/hf/<folder>/config.json holds the values of the hub's config.json for the id below
// (tests/data/hf/README.md says where each copy was read).
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "models/simulate.hpp"
#include "models/transformer_builder.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {

std::string hf_file(const std::string& folder) { return std::string(ANESIM_TEST_DATA_DIR) + "/hf/" + folder + "/config.json"; }

std::size_t count_ops(const Graph& g, OpKind kind, std::string_view name_part = {}) {
  std::size_t n = 0;
  for (const Op& op : g.ops()) n += op.kind == kind && std::string_view(op.name).find(name_part) != std::string_view::npos;
  return n;
}

// The count, and that both layouts build it and run it end to end on the M4 at seq 64.
void check_runs(const ModelSpec& m, std::int64_t parameters) {
  CHECK(m.closed_form_parameters() == parameters);
  static const ChipSpec chip = load_chip("M4", default_config_dir());
  for (const char* layout : {"baseline", "ane"}) {
    INFO(layout);
    CHECK(build_transformer(m, layout, 1, 8).parameter_count() == parameters);
    RunRequest request;
    request.layout = layout;
    request.seq = 64;
    request.keep_ops = false;
    const RunResult r = simulate(m, chip, request);
    CHECK(r.totals.parameter_count == parameters);
    CHECK(r.totals.latency_s > 0);
  }
}

std::string error_for(const std::string& folder, const std::string& from, const std::string& to) {
  return test::error_loading_mutation(hf_file(folder), from, to, "anesim_bad_hf_family.json",
                                      [](const std::string& path) { return load_model_file(path); });
}

}  // namespace

TEST_CASE("Qwen3-0.6B: 16 heads of 128 at width 1024, q/k norms, the model card's 0.6B (0.44B without embeddings)") {
  // Embeddings 151936 x 1024 = 155,582,464, tied with the lm_head. A layer: q 1024 x 2048 =
  // 2,097,152, k and v 1024 x 1024 = 1,048,576 each (8 KV heads of 128), o 2048 x 1024 = 2,097,152,
  // q_norm and k_norm 128 each, the MLP 3 x 1024 x 3072 = 9,437,184, two norms 2,048: 15,730,944,
  // x 28 = 440,466,432, + the final norm 1,024 = 440,467,456 without embeddings (the card's 0.44B);
  // total 596,049,920 (the card's 0.6B).
  const ModelSpec m = load_model_file(hf_file("qwen3-0.6b"));
  CHECK(m.head_dim() == 128);
  CHECK(m.q_dim() == 2048);
  CHECK(m.qk_norm);
  CHECK(m.tied_embeddings);
  check_runs(m, 596'049'920);
  CHECK(std::lround(596'049'920 / 1e8) == 6);
  CHECK(std::lround((596'049'920 - 155'582'464) / 1e7) == 44);
  // Each layer norms q and k: RMSNorm's reduce_mean twice a layer, plus the block norms' two.
  CHECK(count_ops(build_transformer(m, "ane", 1, 8), OpKind::reduce_mean) == 28 * 4 + 1);
}

TEST_CASE("Gemma-2B: GeGLU, embeddings scaled by sqrt(2048), tied, and the paper's non-embedding count") {
  // Embeddings 256000 x 2048 = 524,288,000 (tied). A layer: q and o 2048 x 2048 = 4,194,304 each,
  // k and v 2048 x 256 = 524,288 each (one KV head of 256), GeGLU 3 x 2048 x 16384 = 100,663,296,
  // two norms 4,096: 110,104,576, x 18 = 1,981,882,368, + the final norm 2,048 = 1,981,884,416,
  // the Gemma report's (arXiv:2403.08295, Table 2) non-embedding parameters for 2B exactly; its
  // embedding figure, 524,550,144, counts 256,128 rows where the checkpoint has 256,000.
  // Total 2,506,172,416.
  const ModelSpec m = load_model_file(hf_file("gemma-2b"));
  CHECK(m.head_dim() == 256);
  CHECK(m.ffn == FfnKind::swiglu);
  CHECK(m.activation == Activation::gelu_tanh);
  CHECK(m.scale_embeddings);
  check_runs(m, 2'506'172'416);
  CHECK(2'506'172'416 - 256'000 * 2048 == 1'981'884'416);
  for (const char* layout : {"baseline", "ane"}) {
    const Graph g = build_transformer(m, layout, 1, 8);
    CHECK(count_ops(g, OpKind::mul, "embeddings.scale") == 1);
    CHECK(count_ops(g, OpKind::gelu, "ffn.") == 18);  // the gate's GELU, no SiLU
    CHECK(count_ops(g, OpKind::silu) == 0);
  }
}

TEST_CASE("Gemma2-2B: four norms a layer, soft-capped scores and logits, a 4096-token window") {
  // Embeddings 256000 x 2304 = 589,824,000 (tied). A layer: q 2304 x 2048 = 4,718,592 (8 heads of
  // 256), k and v 2304 x 1024 = 2,359,296 each (4 KV heads), o 2048 x 2304 = 4,718,592, GeGLU
  // 3 x 2304 x 9216 = 63,700,992, four norms 9,216: 77,865,984, x 26 = 2,024,515,584, + the final
  // norm 2,304 = 2,024,517,888, the Gemma 2 report's (arXiv:2408.00118, Table 2) non-embedding
  // parameters for 2B exactly (its embeddings count 256,128 rows). Total 2,614,341,888.
  const ModelSpec m = load_model_file(hf_file("gemma-2-2b"));
  CHECK(m.norm_placement == NormPlacement::sandwich);
  CHECK(m.attention_softcap == 50.0);
  CHECK(m.final_softcap == 30.0);
  CHECK(m.attention_window == 4096);
  check_runs(m, 2'614'341'888);
  CHECK(2'614'341'888 - 256'000 * 2304 == 2'024'517'888);
  // cap x tanh(x / cap): one tanh per score tensor (per head in the ANE layout) and one on the logits.
  CHECK(count_ops(build_transformer(m, "baseline", 1, 8), OpKind::tanh) == 26 + 1);
  CHECK(count_ops(build_transformer(m, "ane", 1, 8), OpKind::tanh) == 26 * 8 + 1);
  CHECK(count_ops(build_transformer(m, "ane", 1, 8), OpKind::reduce_mean, "post_") == 26 * 2);
  // Every other layer's window: up to 4096 tokens exactly full attention; beyond, refused.
  CHECK(m.position_limit() == 4096);
  CHECK_THROWS_WITH_AS((void)build_transformer(m, "ane", 1, 4097), doctest::Contains("4096-token attention window"), Error);
}

TEST_CASE("Phi-3-mini-4k: fused projections count as the separate ones, 3.8B, a 2047-token window") {
  // Embeddings and the untied lm_head 32064 x 3072 = 98,500,608 each. A layer: qkv_proj 3072 x
  // 9216 and o_proj 3072 x 3072 (4 x 3072^2 = 37,748,736), gate_up_proj 3072 x 16384 and down_proj
  // 8192 x 3072 (3 x 3072 x 8192 = 75,497,472), two norms 6,144: 113,252,352, x 32 = 3,624,075,264,
  // + the final norm 3,072 + 2 x 98,500,608 = 3,821,079,552: the model card's 3.8B.
  const ModelSpec m = load_model_file(hf_file("phi-3-mini-4k"));
  CHECK(m.name == "Phi-3-mini-4k-instruct");  // its "_name_or_path"
  CHECK(!m.tied_embeddings);
  CHECK(m.attention_window == 2047);
  check_runs(m, 3'821'079'552);
  CHECK(std::lround(3'821'079'552 / 1e8) == 38);
}

TEST_CASE("the new families' malformed files name the file, the line and the key") {
  // A missing size: reported at the file's first line with the key's name.
  const std::string missing = error_for("qwen3-0.6b", "  \"head_dim\": 128,\n  \"hidden_act\": \"silu\",\n  \"hidden_size\": 1024,\n",
                                        "  \"head_dim\": 128,\n  \"hidden_act\": \"silu\",\n");
  CHECK(missing.find("anesim_bad_hf_family.json:1:") != std::string::npos);
  CHECK(missing.find("missing required key 'hidden_size'") != std::string::npos);
  // A wrong type: head_dim as a list, named at its line (9).
  const std::string type = error_for("qwen3-0.6b", "\"head_dim\": 128", "\"head_dim\": [128]");
  CHECK(type.find("anesim_bad_hf_family.json:9:") != std::string::npos);
  CHECK(type.find("key 'head_dim': expected a number, found a list") != std::string::npos);
  // An unknown key: Gemma3's sliding-window pattern in a gemma2 file is not skipped.
  const std::string unknown = error_for("gemma-2-2b", "\"sliding_window\": 4096,", "\"sliding_window\": 4096,\n  \"sliding_window_pattern\": 6,");
  CHECK(unknown.find("anesim_bad_hf_family.json:28:") != std::string::npos);
  CHECK(unknown.find("key 'sliding_window_pattern': anesim does not read this key for model_type 'gemma2'") != std::string::npos);
  // Values ModelSpec cannot express are refused, saying what is modelled.
  CHECK(error_for("qwen3-0.6b", "\"attention_bias\": false", "\"attention_bias\": true").find("anesim models false") != std::string::npos);
  CHECK(error_for("gemma-2b", "\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\"").find("other than GeGLU") != std::string::npos);
  CHECK(error_for("qwen3-0.6b", "\"use_sliding_window\": false", "\"use_sliding_window\": true").find("sliding window over some layers") !=
        std::string::npos);
  // The unknown-type message lists every family, the new ones included.
  CHECK(error_for("phi-3-mini-4k", "\"model_type\": \"phi3\"", "\"model_type\": \"phi4\"")
            .find("bert, roberta, distilbert, gpt2, llama, mistral, qwen2, qwen3, gemma, gemma2, phi3, vit, whisper") != std::string::npos);
}

TEST_CASE("ViT and Whisper's encoder: the shipped YAMLs' architectures from their config.json keys") {
  // whisper-tiny's encoder: conv1 384 x 80 x 3 + 384 and conv2 384 x 384 x 3 + 384 (534,528),
  // 1500 x 384 positions (576,000), 4 layers of 4 x 384^2 + 3 x 384 (k_proj has no bias) + 384 +
  // 2 x 384 x 1536 + 1536 + 384 + 2 x 768 (1,774,464 a layer: 7,097,856), a final norm 768:
  // 8,208,384, the shipped whisper-tiny-encoder's published count.
  const ModelSpec whisper = load_model_file(hf_file("whisper-tiny-encoder"));
  const ModelSpec whisper_yaml = load_model("whisper-tiny-encoder", default_config_dir());
  CHECK(whisper.input == InputKind::audio);
  CHECK(whisper.audio_frames == whisper_yaml.audio_frames);
  CHECK(whisper.mel_bins == whisper_yaml.mel_bins);
  CHECK(whisper.k_bias == whisper_yaml.k_bias);
  CHECK(whisper.norm_placement == whisper_yaml.norm_placement);
  CHECK(whisper.head == HeadKind::none);
  check_runs(whisper, 8'208'384);
  // vit-base-patch16-224 with its 1000 labels (id2label) has google/vit-base-patch16-224's published
  // 86,567,656: the 2-label count the file gave without id2label, 85,800,194, less transformers'
  // default 2-label classifier (768 x 2 + 2 = 1,538) plus the 1000-label one (768 x 1000 + 1000 =
  // 769,000): 85,800,194 - 1,538 + 769,000 = 86,567,656.
  const ModelSpec vit = load_model_file(hf_file("vit-base-patch16-224"));
  const ModelSpec vit_yaml = load_model("vit-base-patch16-224", default_config_dir());
  CHECK(vit.input == InputKind::image);
  CHECK(vit.fixed_sequence() == 197);  // 14 x 14 patches and the class token
  CHECK(vit.max_positions == vit_yaml.max_positions);
  CHECK(vit.head == HeadKind::classifier);
  CHECK(!vit.pre_classifier);
  CHECK(vit.num_labels == 1000);
  CHECK(vit_yaml.published_parameters == 86'567'656);
  check_runs(vit, 86'567'656);
  // As many labels as id2label names (label2id is not read): 3 here, in place of the 1000.
  std::stringstream text;
  text << std::ifstream(hf_file("vit-base-patch16-224")).rdbuf();
  std::string with_labels = text.str();
  const std::size_t from = with_labels.find("  \"id2label\": {");
  const std::size_t to = with_labels.find("\n  },\n", from) + 6;
  REQUIRE(from != std::string::npos);
  with_labels.replace(from, to - from, "  \"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\"},\n");
  const ModelSpec three = load_model_file(test::write_temp_config("anesim_hf_vit", "config.json", with_labels));
  CHECK(three.num_labels == 3);
  CHECK(three.closed_form_parameters() == 86'567'656 - 769'000 + (768 * 3 + 3));
}
