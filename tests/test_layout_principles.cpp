// The seed's principles as switches of the layout builder (models/layout_principles.hpp): the
// names --layout, sweeps and validation sets take, the errors for the others, and the two shipped
// layouts as the family's end points.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "models/layout_catalogue.hpp"
#include "models/layout_principles.hpp"
#include "models/simulate.hpp"

using namespace anesim;

TEST_CASE("layout names spell the switches: baseline all off, ane all on, baseline+... between") {
  CHECK(layout_principles("baseline") == k_baseline_principles);
  CHECK(layout_principles("ane") == k_ane_principles);
  CHECK(layout_principles("baseline+bc1s+heads+einsum+mask") == k_ane_principles);
  const LayoutPrinciples two = layout_principles("baseline+bc1s+heads");
  CHECK(two.bc1s);
  CHECK(two.heads);
  CHECK_FALSE(two.einsum);
  CHECK_FALSE(two.additive_mask);
  CHECK(principles_name(two) == "baseline+bc1s+heads");
  CHECK(principles_name(k_ane_principles) == "ane");
  // 4 switches, 16 combinations; heads needs bc1s and einsum needs heads, so bc1s off allows
  // only mask (2 combinations) and bc1s on allows (heads, einsum) = (0,0), (1,0), (1,1) times
  // mask (6): 8 valid, baseline among them. The list is layouts.def's 2 and the 7 others, the
  // all-on spelling included.
  const std::vector<std::string> choices = layout_choices();
  CHECK(choices.size() == 9);
  CHECK(choices[0] == "ane");
  CHECK(choices[1] == "baseline");
  for (std::size_t i = 2; i + 1 < choices.size(); ++i) CHECK(choices[i] == principles_name(layout_principles(choices[i])));
  CHECK(choices.back() == "baseline+bc1s+heads+einsum+mask");  // spells ane
  CHECK(layout_text("baseline+bc1s").shape == "(B,C,1,S)");
  CHECK(layout_text("baseline+mask").shape == "(B,S,C)");
}

TEST_CASE("an invalid combination is an error naming why and listing the valid names") {
  auto message = [](const std::string& name) {
    try {
      (void)layout_principles(name);
    } catch (const Error& e) {
      return e.message() + " | " + e.hint();
    }
    return std::string("no error");
  };
  CHECK(message("baseline+heads").find("heads needs bc1s") != std::string::npos);
  CHECK(message("baseline+bc1s+einsum").find("einsum needs heads") != std::string::npos);
  CHECK(message("baseline+mask+bc1s").find("in this order: bc1s, heads, einsum, mask") != std::string::npos);
  CHECK(message("baseline+bc1s+bc1s").find("not a switch after the ones before it") != std::string::npos);
  CHECK(message("baseline+").find("not a switch") != std::string::npos);
  CHECK(message("wide").find("valid layouts: ane, baseline, baseline+bc1s,") != std::string::npos);
  CHECK_THROWS_AS((void)make_layout("ane+int8"), Error);
}

TEST_CASE("the cumulative path ends exactly at the ane layout: the all-on spelling builds the same graph") {
  const std::string dir = default_config_dir();
  const ModelSpec model = load_model("distilbert", dir);
  const ChipSpec chip = load_chip("A15", dir);
  RunRequest request;
  request.seq = 128;
  request.layout = "ane";
  const RunResult ane = simulate(model, chip, request);
  request.layout = principles_name(principles_path().back());
  CHECK(request.layout == "ane");
  request.layout = "baseline+bc1s+heads+einsum+mask";
  const RunResult all_on = simulate(model, chip, request);
  CHECK(all_on.totals.latency_s == ane.totals.latency_s);
  CHECK(all_on.totals.peak_memory_bytes == ane.totals.peak_memory_bytes);
  CHECK(all_on.totals.dram_read_bytes == ane.totals.dram_read_bytes);
  CHECK(all_on.totals.energy_j == ane.totals.energy_j);
  REQUIRE(all_on.ops.size() == ane.ops.size());
  for (std::size_t i = 0; i < ane.ops.size(); ++i) CHECK(std::string_view(all_on.ops[i].name) == std::string_view(ane.ops[i].name));
}

TEST_CASE("each switch changes the graph as the seed says") {
  // distilbert, seq 128, batch 1. (B,S,C) -> (B,C,1,S): the Linears become Conv2d 1x1, so rule
  // 3's transposes around the 38 projections (76) go; the fused attention's two matmuls per
  // layer still reduce over W: 12 matmuls x 2 = 24 remain. The per-head split makes 12 heads x 2
  // matmuls per layer: 144 x 2 = 288. The einsums reduce over C: none. The mask switch takes
  // the bool mask's equal, reshape, tile and select off the CPU: the ane layout's 4 CPU ops are
  // the embeddings' (README).
  const std::string dir = default_config_dir();
  const ModelSpec model = load_model("distilbert", dir);
  const ChipSpec chip = load_chip("A15", dir);
  auto run = [&](const char* layout) {
    RunRequest request;
    request.seq = 128;
    request.layout = layout;
    request.keep_ops = false;
    return simulate(model, chip, request).totals;
  };
  CHECK(run("baseline").transposes == 100);
  CHECK(run("baseline+bc1s").transposes == 24);
  CHECK(run("baseline+bc1s+heads").transposes == 288);
  CHECK(run("baseline+bc1s+heads+einsum").transposes == 0);
  CHECK(run("ane").cpu_ops == 4);
  CHECK(run("baseline+mask").cpu_ops == 2);  // the embedding gather and add: the mask is fp16 arithmetic
}
