// The lowering's pass list (sim/lower/passes.def) as a pipeline: the names in order, what-ifs that
// leave optional passes out, and the errors for names that are no pass or passes that cannot go.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "sim/lower/lowering.hpp"
#include "tests/test_lower_passes.hpp"

using namespace anesim;
using anesim::test::linear_relu_graph;

namespace {
std::string error_of(const std::vector<std::string>& names, std::string* hint = nullptr) {
  try {
    (void)LoweringPipeline::without(names);
  } catch (const Error& e) {
    if (hint != nullptr) *hint = e.hint();
    return e.message();
  }
  return "";
}
}  // namespace

TEST_CASE("the passes run in the .def's order, each named once") {
  std::vector<std::string_view> names;
  for (const LoweringPass& p : lowering_passes()) names.push_back(p.name);
  CHECK(names == std::vector<std::string_view>{"place", "fuse-activations", "elide-relabels", "group-buffers", "ane-buffers",
                                               "transposes", "repacks", "number-steps", "liveness", "periods",
                                               "emit-steps", "batch-passes", "resident-memory"});
  CHECK(LoweringPipeline{}.runs_all());
}

TEST_CASE("an unknown pass name is an error whose hint lists the passes; a required pass cannot be left out") {
  std::string hint;
  CHECK(error_of({"transpose"}, &hint) == "unknown lowering pass 'transpose'");
  CHECK(hint.find("transposes, repacks") != std::string::npos);
  CHECK(hint.find("emit-steps (required)") != std::string::npos);
  const std::string required = error_of({"emit-steps"}, &hint);
  CHECK(required.find("'emit-steps' cannot be left out") != std::string::npos);
  CHECK(hint == "the passes that may be left out: fuse-activations, elide-relabels, transposes, repacks, periods, batch-passes");
  CHECK(error_of({"transposes", "repacks"}).empty());
}

TEST_CASE("a pipeline without transposes lowers a (1,128,100) linear to one step over its own padded buffers") {
  // With rule 3: transpose in, fc, transpose out, the fused relu (test_lower_passes_steps.cpp).
  // Without: fc reads x's 32,768-B ANE buffer and writes its 16,384-B result directly.
  const Graph g = linear_relu_graph();
  const ChipSpec chip = load_chip("A15", default_config_dir());
  const std::vector<std::string> names{"transposes"};
  const LoweringPipeline what_if = LoweringPipeline::without(names);
  CHECK_FALSE(what_if.runs(LoweringPassId::transposes));
  CHECK(what_if.left_out() == std::vector<std::string_view>{"transposes"});
  CHECK(lower(g, chip).ops.size() == 4);
  const Program p = lower(g, chip, what_if);
  REQUIRE(p.ops.size() == 2);
  CHECK(p.ops[0].transposes == 0);
  REQUIRE(p.accesses_of(p.ops[0]).size() == 2);
  CHECK(p.accesses_of(p.ops[0])[0].bytes == 32768);
  CHECK(p.accesses_of(p.ops[0])[1].bytes == 16384);
}

TEST_CASE("without fusion the relu is a step of its own with its own 16,384-B buffer") {
  const Graph g = linear_relu_graph();
  const ChipSpec chip = load_chip("A15", default_config_dir());
  const std::vector<std::string> names{"fuse-activations"};
  const Program p = lower(g, chip, LoweringPipeline::without(names));
  REQUIRE(p.ops.size() == 4);
  CHECK_FALSE(p.ops[3].free);
  REQUIRE(p.accesses_of(p.ops[3]).size() == 2);
  CHECK(p.accesses_of(p.ops[3])[1].bytes == 16384);  // (1,128,50) fp16, rows of 100 B padded to 128
}

TEST_CASE("run requests carry the what-if: distilbert's baseline without transposes has none and runs faster") {
  const ChipSpec chip = load_chip("A15", default_config_dir());
  const ModelSpec model = load_model("distilbert", default_config_dir());
  RunRequest request;
  request.layout = "baseline";
  const RunTotals with = simulate(model, chip, request).totals;
  request.without_passes = {"transposes"};
  const RunTotals without = simulate(model, chip, request).totals;
  CHECK(with.transposes > 0);
  CHECK(without.transposes == 0);
  CHECK(without.latency_s < with.latency_s);
  request.without_passes = {"nosuch"};
  CHECK_THROWS_AS((void)simulate(model, chip, request), Error);
}
