// Every shipped model is built by the one Transformer builder, in both layouts, with exactly
// the parameters its model card publishes.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "models/transformer_builder.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {
ModelSpec model(const std::string& name) { return load_model(name, default_config_dir()); }
}  // namespace

TEST_CASE("published parameter counts, exactly, from the builder's graphs") {
  // The two anchors: bert-base-uncased with its pooler, and gpt2 (124M, tied lm_head).
  CHECK(build_transformer(model("bert-base-uncased"), "ane", 1, 8).parameter_count() == 109'482'240);
  CHECK(build_transformer(model("gpt2"), "baseline", 1, 8).parameter_count() == 124'439'808);
  for (const auto& file : config_files(default_config_dir(), "models")) {
    const ModelSpec m = load_model_file(file);
    INFO(m.name);
    REQUIRE(m.published_parameters > 0);
    CHECK(m.closed_form_parameters() == m.published_parameters);
    for (const char* layout : {"baseline", "ane"}) {
      CHECK(build_transformer(m, layout, 1, 8).parameter_count() == m.published_parameters);
    }
  }
}

TEST_CASE("grouped-query attention shares each KV head across heads / kv_heads query heads") {
  // llama-3.2-1b: 32 query heads, 8 KV heads, head dim 64. k_proj maps 2048 -> 8 x 64 = 512.
  const ModelSpec m = model("llama-3.2-1b");
  const Graph g = build_transformer(m, "ane", 1, 16);
  bool found = false;
  for (const Op& op : g.ops()) {
    if (op.name == "layer0.attention.k_proj") {
      CHECK(g.tensor(op.outputs[0]).shape == Shape{1, 512, 1, 16});
      found = true;
    }
  }
  CHECK(found);
  // The baseline repeats KV heads with a materialised tile (repeat_kv), the ANE layout does not.
  const Graph base = build_transformer(m, "baseline", 1, 16);
  std::size_t tiles = 0;
  for (const Op& op : base.ops()) tiles += op.kind == OpKind::tile;
  CHECK(tiles == 2 * 16);  // k and v in each of 16 layers
}

TEST_CASE("a malformed model file is rejected with file:line and the fix") {
  const std::string dir = default_config_dir() + "/models/";
  auto error_for = [&](const std::string& from, const std::string& to) {
    return test::error_loading_mutation(dir + "bert-base-uncased.yaml", from, to, "anesim_bad_model.yaml",
                                        [](const std::string& path) { return load_model_file(path); });
  };
  CHECK(error_for("heads: 12 ", "heads: 10 ").find("does not divide hidden_size") != std::string::npos);
  CHECK(error_for("kv_heads: 12 ", "kv_heads: 5 ").find("does not divide heads") != std::string::npos);
  CHECK(error_for("layers: 12 ", "layers: -12 ").find("out of range") != std::string::npos);
  const std::string missing = error_for("ffn_size:", "ffn_sizes:");
  CHECK(missing.find("/tmp/anesim_bad_model.yaml:") != std::string::npos);
  CHECK(missing.find("did you mean 'ffn_size'") != std::string::npos);
}

TEST_CASE("an absurd model is refused before any of it is built") {
  ModelSpec m = model("distilbert");
  m.layers = 100'000;  // about 100,000 x (6 x 12 + 64) = 13.6 M ops
  CHECK_THROWS_WITH_AS((void)build_transformer(m, "ane", 1, 128), doctest::Contains("use fewer layers or heads"), Error);
}

TEST_CASE("rotary positions have no table to run out of; learned ones stop at max_positions") {
  // llama-2-7b was trained at 4,096 tokens; at 8,192 the cost is defined (rope scaling runs it).
  CHECK(build_transformer(model("llama-2-7b"), "ane", 1, 8192).op_count() > 0);
  // gpt2's position table has 1,024 rows.
  CHECK_THROWS_WITH_AS((void)build_transformer(model("gpt2"), "ane", 1, 1025), doctest::Contains("seq 1024 or less"), Error);
}
