// The words a model file, a run and a hint use come from one table each (models/model_choices.hpp,
// sim/run_choices.hpp, core/choice_list.hpp); these hold the loader and the hints to them.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/choice_list.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "models/model_choices.hpp"
#include "models/model_spec.hpp"
#include "sim/run_choices.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

TEST_CASE("a hint lists the choices joined by commas, or as alternatives with 'or'") {
  const std::vector<std::string> precisions = weight_precision_names();
  CHECK(choice_list(precisions) == "fp16, int8, int4");
  CHECK(choice_alternatives(precisions) == "fp16, int8 or int4");
  CHECK(choice_alternatives(phase_names(), "'") == "'prefill' or 'decode'");
  CHECK(choice_alternatives(std::vector<std::string>{"high"}) == "high");
  CHECK(choice_list(std::vector<std::string>{}).empty());
  CHECK(choice_list(k_head_choices, &Choice<HeadKind>::name) == "none, classifier, pooler, lm_head");
}

TEST_CASE("the run's phase and precision words") {
  CHECK(phase_name(Phase::prefill) == "prefill");
  CHECK(phase_name(Phase::decode) == "decode");
  CHECK(phase_of("decode") == Phase::decode);
  CHECK(phase_of("prefill") == Phase::prefill);
  CHECK(is_decode(std::string("decode")));
  CHECK(is_weight_precision("int4"));
  CHECK_FALSE(is_weight_precision("fp32"));  // a dtype, but not one weights ship in
}

TEST_CASE("distilbert's file reads through the shared enum tables, and a bad spelling names them") {
  // configs/models/distilbert.yaml: mlp, gelu, layer_norm, post, learned, bidirectional, replace, classifier.
  const ModelSpec m = load_model("distilbert", default_config_dir());
  CHECK(choice_name(k_ffn_choices, m.ffn) == "mlp");
  CHECK(choice_name(k_activation_choices, m.activation) == "gelu");
  CHECK(choice_name(k_norm_choices, m.norm) == "layer_norm");
  CHECK(choice_name(k_norm_placement_choices, m.norm_placement) == "post");
  CHECK(choice_name(k_position_choices, m.position) == "learned");
  CHECK(choice_name(k_attention_choices, m.attention) == "bidirectional");
  CHECK(choice_name(k_padding_mask_choices, m.padding_mask) == "replace");
  CHECK(choice_name(k_head_choices, m.head) == "classifier");
  std::size_t fields = 0;
  for_each_model_choice([&fields](const char*, auto, const auto&) { ++fields; });
  CHECK(fields == 9);

  const std::string error = test::error_loading_mutation(default_config_dir() + "/models/distilbert.yaml", "activation: gelu ",
                                                         "activation: swish ", "anesim_bad_choice.yaml",
                                                         [](const std::string& path) { return load_model_file(path); });
  CHECK(error.find("unsupported value 'swish'") != std::string::npos);
  CHECK(error.find("use one of: gelu, gelu_tanh, relu, silu") != std::string::npos);
  const std::string precision = test::error_loading_mutation(default_config_dir() + "/models/distilbert.yaml", "num_labels: 2 ",
                                                             "num_labels: 2\nweights: fp32\n", "anesim_bad_precision.yaml",
                                                             [](const std::string& path) { return load_model_file(path); });
  CHECK(precision.find("use fp16, int8 or int4") != std::string::npos);
}
