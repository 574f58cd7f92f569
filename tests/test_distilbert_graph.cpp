// distilbert's two graphs against docs/sources.md §9, counted from first
// principles (C = 768, F = 3072, H = 12, L = 6, V = 30522, P = 512, K = 2).
#include <doctest/doctest.h>

#include <map>

#include "models/transformer_builder.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "ir/op_cost.hpp"
#include "sim/lower/placement.hpp"

using namespace anesim;

namespace {
const ModelSpec& distilbert() {
  static const ModelSpec m = load_model("distilbert", default_config_dir());
  return m;
}

struct Flops {
  double mac = 0, vector = 0;
};
Flops total_flops(const Graph& g) {
  Flops f;
  for (const Op& op : g.ops()) {
    const OpFlops o = op_flops(g, op);
    f.mac += o.mac;
    f.vector += o.vector;
  }
  return f;
}

std::size_t ops_named(const Graph& g, const std::string& prefix) {
  std::size_t n = 0;
  for (const Op& op : g.ops()) n += op.name.rfind(prefix, 0) == 0;
  return n;
}
}  // namespace

TEST_CASE("parameter count is 66,955,010 in both layouts, folded or not") {
  // 23,440,896 word + 393,216 position + 1,536 LN + 6 x 7,087,872 + 590,592 + 1,538 (§1.1).
  CHECK(distilbert().closed_form_parameters() == 66'955'010);
  for (const char* layout : {"baseline", "ane"}) {
    CHECK(build_transformer(distilbert(), layout, 1, 128).parameter_count() == 66'955'010);
    BuildOptions unfolded;
    unfolded.fold_position_gather = false;
    CHECK(build_transformer(distilbert(), layout, 1, 128, unfolded).parameter_count() == 66'955'010);
  }
}

TEST_CASE("op counts: 176 / 602 source ops, 175 / 601 with the position gather folded") {
  BuildOptions unfolded;
  unfolded.fold_position_gather = false;
  CHECK(build_transformer(distilbert(), "baseline", 1, 128, unfolded).op_count() == 176);
  CHECK(build_transformer(distilbert(), "ane", 1, 128, unfolded).op_count() == 602);
  const Graph baseline = build_transformer(distilbert(), "baseline", 1, 128);
  const Graph ane = build_transformer(distilbert(), "ane", 1, 128);
  CHECK(baseline.op_count() == 175);
  CHECK(ane.op_count() == 601);
  // Per layer: 28 baseline ops, 97 ANE ops (§5.1).
  CHECK(ops_named(baseline, "layer3.") == 28);
  CHECK(ops_named(ane, "layer3.") == 97);
  // Fusing LayerNormANE (coremltools PR #1972) removes 8 ops from each of 13 norms: 601 - 104.
  BuildOptions fused;
  fused.fuse_ane_layer_norm = true;
  CHECK(build_transformer(distilbert(), "ane", 1, 128, fused).op_count() == 497);
}

TEST_CASE("MAC FLOPs equal the closed form in both layouts; vector FLOPs match §6") {
  // MAC = 2T(4C^2 + 2CF)L + 4BS^2CL + 2B(C^2 + CK) = 84,934,656 BS + 18,432 BS^2 + 1,182,720 B.
  for (auto [b, s] : {std::pair<std::int64_t, std::int64_t>{1, 128}, {1, 32}, {8, 512}}) {
    const double closed = 84'934'656.0 * b * s + 18'432.0 * b * s * s + 1'182'720.0 * b;
    const Flops base = total_flops(build_transformer(distilbert(), "baseline", b, s));
    const Flops ane = total_flops(build_transformer(distilbert(), "ane", b, s));
    CHECK(base.mac == doctest::Approx(closed).epsilon(1e-12));
    CHECK(ane.mac == doctest::Approx(closed).epsilon(1e-12));
  }
  // B = 1, S = 128: 11,174,808,576 MAC FLOPs; vector 25,568,002 (baseline) and 26,159,362 (ANE).
  const Flops base = total_flops(build_transformer(distilbert(), "baseline", 1, 128));
  const Flops ane = total_flops(build_transformer(distilbert(), "ane", 1, 128));
  CHECK(base.mac == 11'174'808'576.0);
  CHECK(base.vector == 25'568'002.0);
  CHECK(ane.vector == 26'159'362.0);
  // And within 1% of the usual closed form, 2 x layer parameters x tokens + attention + head:
  // 2 x 42,527,232 x 128 + 4 x 6 x 128^2 x 768 + 2 x (768^2 + 768 x 2) = 11,190,144,000. The
  // 0.14% difference is the biases, which anesim counts as vector FLOPs.
  const double rule_of_thumb = 2.0 * (42'527'232.0) * 128 + 4.0 * 6 * 128 * 128 * 768 + 2.0 * 1 * (768.0 * 768 + 768 * 2);
  CHECK(base.mac == doctest::Approx(rule_of_thumb).epsilon(0.01));
}

TEST_CASE("the ANE layout keeps activations channels-first and transposes only the key") {
  const Graph ane = build_transformer(distilbert(), "ane", 1, 128);
  std::map<std::string, int> kinds;
  int w_touching = 0;
  for (const Op& op : ane.ops()) {
    ++kinds[std::string(op_kind_name(op.kind))];
    w_touching += op_class(op.kind) == OpClass::layout && layout_op_copies(ane, op);
  }
  CHECK(kinds["transpose"] == 1 + 6);  // the entry transpose and one per layer, on the key
  CHECK(kinds["conv1x1"] == 6 * 6 + 2);
  CHECK(kinds["einsum"] == 6 * 24);
  // W-touching layout ops per layer: mask expand_dims, k transpose, k split (3 x 6), plus the
  // entry transpose, the head's slice and the last squeeze.
  CHECK(w_touching == 18 + 3);
}

TEST_CASE("bad sizes are rejected with the valid range") {
  CHECK_THROWS_WITH_AS(build_transformer(distilbert(), "ane", 1, 0), doctest::Contains("seq 1 or more"), Error);
  CHECK_THROWS_WITH_AS(build_transformer(distilbert(), "ane", -1, 128), doctest::Contains("batch 1 or more"), Error);
  CHECK_THROWS_WITH_AS(build_transformer(distilbert(), "ane", 1, 513), doctest::Contains("seq 512 or less"), Error);
  CHECK_THROWS_WITH_AS(build_transformer(distilbert(), "nchw", 1, 128), doctest::Contains("valid layouts: ane, baseline"), Error);
}

TEST_CASE("placement: only the embedding ops run on the CPU in the ANE layout") {
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  const Graph ane = build_transformer(distilbert(), "ane", 1, 128);
  const auto order = ane.execution_order();
  const auto engines = place_ops(ane, order, a15);
  std::vector<std::string> on_cpu;
  for (OpId id : order) {
    if (engines[static_cast<std::size_t>(id)] == Engine::cpu) on_cpu.push_back(ane.op(id).name);
  }
  // gather (no ANE op), then the add, transpose and expand_dims it feeds: ml-ane-transformers'
  // README reports "4 of the 606 operations ... on the CPU ... the embedding lookup related ops".
  CHECK(on_cpu == std::vector<std::string>{"embeddings.word_gather", "embeddings.add", "embeddings.to_bcs",
                                           "embeddings.to_bc1s"});
  // The baseline also sends its bool mask path (equal, view, tile, select) to the CPU: 2 + 6 x 4.
  const Graph base = build_transformer(distilbert(), "baseline", 1, 128);
  const auto base_engines = place_ops(base, base.execution_order(), a15);
  CHECK(std::count(base_engines.begin(), base_engines.end(), Engine::cpu) == 26);
}
