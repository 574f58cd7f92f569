// Repeated layers copied instead of built (models/repeated_layers.hpp) give the graph building
// gives, field by field, on every shipped model, in every layout, in both phases.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/graph_block.hpp"
#include "ir/graph_builder.hpp"
#include "models/layout_principles.hpp"
#include "models/simulate.hpp"
#include "models/transformer_builder.hpp"
#include "reports/json_writer.hpp"
#include "tests/zoo_cases.hpp"

using namespace anesim;

namespace {

void check_same_graph(const Graph& copied, const Graph& built) {
  REQUIRE(copied.op_count() == built.op_count());
  REQUIRE(copied.tensor_count() == built.tensor_count());
  CHECK(copied.parameter_count() == built.parameter_count());
  for (std::size_t i = 0; i < built.tensor_count(); ++i) {
    const Tensor& a = copied.tensors()[i];
    const Tensor& b = built.tensors()[i];
    INFO(std::string(b.name));
    REQUIRE(std::string_view(a.name) == std::string_view(b.name));
    REQUIRE(a.shape == b.shape);
    REQUIRE(a.dtype == b.dtype);
    REQUIRE(a.role == b.role);
    REQUIRE(a.density == b.density);
    REQUIRE(a.producer == b.producer);
    REQUIRE(a.consumers == b.consumers);
    REQUIRE(a.graph_output == b.graph_output);
    REQUIRE(a.state == b.state);
  }
  for (std::size_t i = 0; i < built.op_count(); ++i) {
    const Op& a = copied.ops()[i];
    const Op& b = built.ops()[i];
    INFO(std::string(b.name));
    REQUIRE(std::string_view(a.name) == std::string_view(b.name));
    REQUIRE(a.kind == b.kind);
    REQUIRE(a.inputs == b.inputs);
    REQUIRE(a.outputs == b.outputs);
    REQUIRE(a.attrs.ints == b.attrs.ints);
    REQUIRE(a.attrs.axis == b.attrs.axis);
    REQUIRE(a.attrs.begin == b.attrs.begin);
    REQUIRE(a.attrs.end == b.attrs.end);
    REQUIRE(a.attrs.parts == b.attrs.parts);
    REQUIRE(a.attrs.keep_dims == b.attrs.keep_dims);
    REQUIRE(a.attrs.equation == b.attrs.equation);
    REQUIRE(a.attrs.to == b.attrs.to);
    REQUIRE(a.attrs.scalar == b.attrs.scalar);
    REQUIRE(a.attrs.has_scalar == b.attrs.has_scalar);
    REQUIRE(copied.inferred(static_cast<OpId>(i)) == built.inferred(static_cast<OpId>(i)));
  }
}

}  // namespace

TEST_CASE("copied layers give the built graph on every zoo model, layout and phase") {
  std::int64_t models = 0, cases = 0, copied_total = 0;
  for (const auto& file : config_files(default_config_dir(), "models")) {
    const ModelSpec m = load_model_file(file);
    ++models;
    for (const std::string& layout : layout_choices()) {
      for (const bool decode : {false, true}) {
        if (decode && !m.is_decoder()) continue;
        BuildOptions options;
        if (decode) {
          options.phase = Phase::decode;
          options.kv_len = 7;
        }
        INFO(m.name << " " << layout << (decode ? " decode" : " prefill"));
        std::int64_t copied = -1, none = -1;
        const Graph fast = build_transformer(m, layout, 2, 16, options, LayerCopies::when_repeated, &copied);
        const Graph slow = build_transformer(m, layout, 2, 16, options, LayerCopies::never, &none);
        CHECK(none == 0);
        // Layers 0 and 1 are always built; the layout's shared constants appear in layer 0, so
        // layer 2 is built too when layer 1 is not layer 0 translated. Every later one is copied.
        CHECK(copied >= m.layers - 3);
        copied_total += copied;
        check_same_graph(fast, slow);
        ++cases;
      }
    }
  }
  CHECK(models >= 17);  // the zoo's 17 files at the time of writing: the loop ran over them
  MESSAGE(cases << " builds compared, " << copied_total << " layers copied");
}

TEST_CASE("a block is a translation only when every field and every outside read repeats") {
  // Two blocks reading x: a matmul by its own weight, then an add of a shared constant. Built
  // alike they are translations; a different weight shape, or reading something else from the
  // block before than its input, is not.
  auto two_blocks = [](std::int64_t second_width, bool second_reads_first_weight, bool mark_output = false) {
    GraphBuilder b;
    const TensorId shared = b.constant("bias", Shape{1, 1});
    // The first block reads an activation, as a layer reads the embeddings: the second reads one.
    const TensorId x0 = b.op("embed", OpKind::add, {b.input("x", Shape{1, 4}, DType::fp16), shared});
    auto block = [&](const std::string& p, TensorId x, std::int64_t width, TensorId extra) {
      const OpId ops = static_cast<OpId>(b.graph().op_count());
      const TensorId tensors = static_cast<TensorId>(b.graph().tensor_count());
      const TensorId w = b.weight(p + "w", Shape{4, width});
      TensorId y = b.op(p + "mm", OpKind::matmul, {x, extra == k_none ? w : extra});
      y = b.op(p + "add", OpKind::add, {y, shared});
      return std::pair{GraphBlock{ops, static_cast<OpId>(b.graph().op_count()), tensors,
                                  static_cast<TensorId>(b.graph().tensor_count()), x, {}},
                       y};
    };
    auto [a, y0] = block("l0.", x0, 4, k_none);
    a.prefix = "l0.";
    const TensorId first_weight = a.tensors_begin;
    auto [c, y1] = block("l1.", y0, second_width, second_reads_first_weight ? first_weight : k_none);
    c.prefix = "l1.";
    if (mark_output) b.output(y1);
    return is_translation(b.graph(), a, c);
  };
  CHECK(two_blocks(4, false));
  CHECK_FALSE(two_blocks(2, false));  // the second weight is (4, 2): a shape differs
  CHECK_FALSE(two_blocks(4, true));   // reads the first block's weight, not a weight of its own
  CHECK_FALSE(two_blocks(4, false, true));  // its output is the graph's, the first block's is not
}

TEST_CASE("a run over copied layers reports what a run over built layers does, byte for byte") {
  // Issue 22's check of memoized against full simulation: the lowering takes a copied tensor's
  // buffer layout and a copied op's FLOPs from its source (sim/lower/lowering_state.hpp). Every
  // zoo model, both shipped layouts, both phases, on three chips of three generations: the JSON
  // with every op record must be the same text.
  const std::vector<ChipSpec> chips = test::three_chips();
  auto json = [](const RunResult& r) {
    std::ostringstream out;
    write_json(out, {r}, true);
    return out.str();
  };
  int runs = 0;
  for (const test::ZooCase& c : test::zoo_cases()) {
    const BuildOptions options = resolved_options(c.model, c.request);
    const Graph copied = build_transformer(c.model, c.request.layout, 2, 64, options, LayerCopies::when_repeated);
    const Graph built = build_transformer(c.model, c.request.layout, 2, 64, options, LayerCopies::never);
    for (const ChipSpec& chip : chips) {
      INFO(c.label << " " << chip.name);
      CHECK(json(run_graph(copied, c.model, chip, c.request)) == json(run_graph(built, c.model, chip, c.request)));
      ++runs;
    }
  }
  CHECK(runs >= 17 * 2 * 3);
}
