// A head width apart from hidden_size / heads (model YAML key head_dim) and per-head q/k norms
// (qk_norm): the builder's graphs in both layouts carry exactly the closed form's parameters, the
// projections have the widths the head count and head_dim give, and a model without either key
// builds the graph it always did.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "models/transformer_builder.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {

std::string shipped_text(const std::string& name) {
  std::stringstream text;
  text << std::ifstream(default_config_dir() + "/models/" + name + ".yaml").rdbuf();
  return text.str();
}

// llama-3.2-1b's YAML with `extra` appended (top-level keys).
ModelSpec llama_with(const std::string& extra) {
  return load_model_file(test::write_temp_config("anesim_head_width", "llama.yaml", shipped_text("llama-3.2-1b") + extra));
}

Shape output_of(const Graph& g, const std::string& op_name) {
  for (const Op& op : g.ops()) {
    if (op.name == op_name) return g.tensor(op.outputs[0]).shape;
  }
  FAIL("no op " << op_name);
  return {};
}

std::size_t ops_named_like(const Graph& g, const std::string& part) {
  std::size_t n = 0;
  for (const Op& op : g.ops()) n += std::string_view(op.name).find(part) != std::string_view::npos;
  return n;
}

}  // namespace

TEST_CASE("head_dim apart from hidden / heads widens q, k, v and o, and the count follows") {
  // llama-3.2-1b has 32 heads of 2048 / 32 = 64 (8 KV heads) and 1,235,814,400 parameters. With
  // head_dim 128, q projects 2048 -> 32 x 128 = 4096 and o back 4096 -> 2048 (2 x 8,388,608), k and
  // v 2048 -> 8 x 128 = 1024 (2 x 2,097,152): 20,971,520 a layer where it was 2 x 2048^2 + 2 x 2048
  // x 512 = 10,485,760, so 16 x 10,485,760 = 167,772,160 more: 1,403,586,560.
  const ModelSpec m = llama_with("head_dim: 128\n");
  CHECK(m.head_dim() == 128);
  CHECK(m.q_dim() == 4096);
  CHECK(m.closed_form_parameters() == 1'403'586'560);
  for (const char* layout : {"baseline", "ane"}) {
    INFO(layout);
    CHECK(build_transformer(m, layout, 1, 16).parameter_count() == 1'403'586'560);
  }
  const Graph ane = build_transformer(m, "ane", 1, 16);
  CHECK(output_of(ane, "layer0.attention.q_proj") == Shape{1, 4096, 1, 16});
  CHECK(output_of(ane, "layer0.attention.k_proj") == Shape{1, 1024, 1, 16});
  CHECK(output_of(ane, "layer0.attention.out_proj") == Shape{1, 2048, 1, 16});
  const Graph base = build_transformer(m, "baseline", 1, 16);
  CHECK(output_of(base, "layer0.attention.q_lin.view") == Shape{1, 16, 32, 128});
  CHECK(output_of(base, "layer0.attention.context.view") == Shape{1, 16, 4096});
  CHECK(output_of(base, "layer0.attention.out_lin") == Shape{1, 16, 2048});
}

TEST_CASE("head_dim equal to hidden / heads, or absent, builds the same graph") {
  const ModelSpec shipped = load_model("llama-3.2-1b", default_config_dir());
  const ModelSpec explicit64 = llama_with("head_dim: 64\n");
  for (const char* layout : {"baseline", "ane"}) {
    INFO(layout);
    const Graph a = build_transformer(shipped, layout, 1, 16), b = build_transformer(explicit64, layout, 1, 16);
    CHECK(a.op_count() == b.op_count());
    CHECK(a.tensor_count() == b.tensor_count());
    CHECK(a.parameter_count() == b.parameter_count());
  }
}

TEST_CASE("qk_norm adds an RMSNorm over each head's queries and keys in both layouts") {
  // One head_dim weight for q and one for k in each of the 16 layers: 16 x 2 x 64 = 2,048 more.
  const ModelSpec m = llama_with("qk_norm: true\n");
  CHECK(m.closed_form_parameters() == 1'235'814'400 + 2'048);
  for (const char* layout : {"baseline", "ane"}) {
    INFO(layout);
    const Graph g = build_transformer(m, layout, 1, 16);
    CHECK(g.parameter_count() == 1'235'816'448);
    // Six ops a norm (square, mean, add_eps, rsqrt, normalize, scale), q and k, 16 layers; the ANE
    // layout adds the two relabelling reshapes around each.
    const std::size_t per_norm = std::string(layout) == "ane" ? 8 : 6;
    CHECK(ops_named_like(g, ".q_norm.") + ops_named_like(g, ".k_norm.") == 16 * 2 * per_norm);
  }
  // The ANE layout norms (B, heads, D, S): the reduction is over D, the sequence stays last.
  const Graph ane = build_transformer(m, "ane", 1, 16);
  CHECK(output_of(ane, "layer0.attention.q_norm.mean") == Shape{1, 32, 1, 16});
  CHECK(output_of(ane, "layer0.attention.k_norm.mean") == Shape{1, 8, 1, 16});
  CHECK(output_of(build_transformer(m, "baseline", 1, 16), "layer0.attention.q_norm.mean") == Shape{1, 16, 32, 1});
}

TEST_CASE("a bad head_dim in a model YAML names the line and the fix") {
  auto error_for = [](const std::string& extra) {
    return test::error_loading(test::write_temp_config("anesim_head_width", "bad.yaml", shipped_text("llama-3.2-1b") + extra),
                               [](const std::string& path) { return load_model_file(path); });
  };
  CHECK(error_for("head_dim: 0\n").find("head_dim") != std::string::npos);
  // Rotary embeddings rotate pairs of channels: an odd head is refused at its own key.
  const std::string odd = error_for("head_dim: 63\n");
  CHECK(odd.find("rotary positions need an even head dimension, got 63") != std::string::npos);
  CHECK(odd.find("key 'head_dim'") != std::string::npos);
  CHECK(error_for("head_dim: 400000\n").find("key 'head_dim'") != std::string::npos);  // above its 100,000 bound
}
