// `anesim advise` (advice/): findings by the seed's principles, with savings from reruns where a
// what-if exists. Each expectation is worked out from the run's own mechanisms in the comment.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "advice/advise.hpp"
#include "advice/op_groups.hpp"
#include "advice/run_findings.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/graph_builder.hpp"
#include "sim/executor.hpp"

using namespace anesim;

namespace {

const Finding* find(const Advice& a, std::string_view id) {
  const auto it = std::find_if(a.findings.begin(), a.findings.end(), [&](const Finding& f) { return f.id == id; });
  return it == a.findings.end() ? nullptr : &*it;
}

RunRequest distilbert_request(const char* layout) {
  RunRequest request;
  request.layout = layout;
  request.seq = 128;
  request.batch = 1;
  return request;
}

}  // namespace

TEST_CASE("a layer's repeated ops fold into one line with a count") {
  CHECK(folded_op_name("layer.3.attn.q") == "layer.*.attn.q");
  CHECK(folded_op_name("layer3.ffn.lin1") == "layer*.ffn.lin1");  // distilbert's names; lin1 stays apart from lin2
  CHECK(folded_op_name("layer.12.ffn.1.transpose_in") == "layer.*.ffn.1.transpose_in");  // the first index only
  CHECK(folded_op_name("embeddings.add.to_fp16") == "embeddings.add.to_fp16");  // never the last part
  CHECK(folded_op_name("embeddings") == "embeddings");
  // torch.onnx.export's node names: torchvision's ViT layers fold; MatMul_1 stays apart from MatMul.
  CHECK(folded_op_name("/encoder/layers/encoder_layer_11/self_attention/MatMul_1") == "/encoder/layers/encoder_layer_*/self_attention/MatMul_1");
  CHECK(folded_op_name("/conv_proj/Conv") == "/conv_proj/Conv");
  const std::vector<OpGroup> groups = fold_op_names({"layer.0.q", "layer.0.k", "layer.1.q", "layer.1.k", "head"});
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].name == "layer.*.q");
  CHECK(groups[0].count == 2);
  CHECK(groups[1].name == "layer.*.k");
  CHECK(groups[2].name == "head");
  CHECK(groups[2].count == 1);
}

TEST_CASE("one padded buffer: the bytes allocated and logical worked by hand") {
  // x (1,64,1,8) fp16 -> conv1x1 with a (64,64,1,1) weight -> out (1,64,1,8). Its W row is
  // 8 x 2 = 16 B, padded to the A15's 64-byte alignment: 64 rows x 64 B = 4,096 B allocated for
  // 64 x 16 = 1,024 B logical, 4x. The conv is the graph's only op, so it is the finding's only op.
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 64, 1, 8}, DType::fp16);
  const TensorId w = b.weight("w", Shape{64, 64, 1, 1});
  b.output(b.op("conv", OpKind::conv1x1, {x, w}));
  const RunResult run = execute(b.finish(), load_chip("A15", default_config_dir()));
  const std::vector<Finding> findings = run_findings(run);
  const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.id == "padding"; });
  REQUIRE(it != findings.end());
  CHECK(it->principle == Principle::data_format);
  CHECK(it->allocated_bytes == 4096);
  CHECK(it->logical_bytes == 1024);
  REQUIRE(it->ops.size() == 1);
  CHECK(it->ops[0].name == "conv");
  CHECK(it->basis == SavingBasis::padding_at_peak);
  CHECK(it->saving.peak_memory_bytes == run.totals.peak_activation_bytes - run.totals.peak_activation_logical_bytes);
}

TEST_CASE("distilbert's baseline: the transposes finding saves what the run without the pass saves") {
  // The baseline's (B,S,C) Linear and matmul reduce over W, so rule 3 transposes in and out of
  // each; the finding's saving is the rerun's difference to the last digit (the same arithmetic).
  const std::string dir = default_config_dir();
  const ModelSpec model = load_model("distilbert", dir);
  const ChipSpec chip = load_chip("A15", dir);
  const RunRequest request = distilbert_request("baseline");
  const Advice advice = advise(model, chip, request);
  const Finding* t = find(advice, "transposes");
  REQUIRE(t != nullptr);
  CHECK(t->principle == Principle::data_format);
  CHECK(t->basis == SavingBasis::rerun);
  RunRequest without = request;
  without.without_passes = {"transposes"};
  const RunResult with_pass = simulate(model, chip, request);
  const RunResult without_pass = simulate(model, chip, without);
  CHECK(t->saving.latency_s == with_pass.totals.latency_s - without_pass.totals.latency_s);
  CHECK(t->saving.peak_memory_bytes == with_pass.totals.peak_memory_bytes - without_pass.totals.peak_memory_bytes);
  CHECK(t->saving.energy_j == with_pass.totals.energy_j - without_pass.totals.energy_j);
  CHECK(t->saving.latency_s > 0);
  // Rule 3 in and out of each Linear and matmul: per layer q, k, v, out, lin1, lin2 and the two
  // attention matmuls, 8 x 6 layers = 48, plus the head's pre_classifier and classifier: 50 ops,
  // 100 transposes, folded into 8 per-layer lines and 2 of the head.
  CHECK(t->op_count == 50);
  CHECK(with_pass.totals.transposes == 100);
  REQUIRE(t->ops.size() == 10);
  CHECK(t->ops[0].name == "layer*.attention.q_lin");
  CHECK(t->ops[0].count == 6);
  // Ranked: fit first (it fits, so none), then latency saved, largest first.
  for (std::size_t i = 1; i < advice.findings.size(); ++i)
    CHECK(advice.findings[i - 1].saving.latency_s >= advice.findings[i].saving.latency_s);
  // The bool mask path on the CPU (README: 39 CPU steps) and its hand-overs are a finding.
  const Finding* cpu = find(advice, "cpu");
  REQUIRE(cpu != nullptr);
  CHECK(cpu->op_count == with_pass.totals.cpu_ops + 13);  // 26 graph ops and 13 repacks
}

TEST_CASE("distilbert's ANE layout has no transpose finding") {
  // The (B,C,1,S) layout's Conv2d 1x1 and einsum matmuls reduce over C, not W: no rule-3 steps.
  const std::string dir = default_config_dir();
  const Advice advice = advise(load_model("distilbert", dir), load_chip("A15", dir), distilbert_request("ane"));
  CHECK(advice.run.totals.transposes == 0);
  CHECK(find(advice, "transposes") == nullptr);
  // It is bandwidth-bound on its fp16 weights (README: 86.2 MB streamed in 2.84 ms): int8 and int4 reruns.
  const Finding* int8 = find(advice, "int8");
  const Finding* int4 = find(advice, "int4");
  REQUIRE(int8 != nullptr);
  REQUIRE(int4 != nullptr);
  CHECK(int8->principle == Principle::bandwidth);
  CHECK(int8->basis == SavingBasis::rerun);
  CHECK(int4->saving.latency_s > int8->saving.latency_s);
  CHECK(int8->saving.latency_s > 0);
}

TEST_CASE("a bandwidth-bound decoder: principle 4's savings are the int8 and int4 reruns") {
  // README (tests/test_precision_phases.cpp): llama-3.2-1b decode on an M4 with a 1,024-token
  // cache streams 2.47 GB of fp16 weights in 40.2 ms; int4 takes 11.3 ms, so int4 saves 28.9 ms.
  const std::string dir = default_config_dir();
  const ModelSpec model = load_model("llama-3.2-1b", dir);
  const ChipSpec chip = load_chip("M4", dir);
  RunRequest request;
  request.layout = "ane";
  request.options.phase = Phase::decode;
  request.options.kv_len = 1024;
  const Advice advice = advise(model, chip, request);
  REQUIRE(!advice.findings.empty());
  CHECK(advice.findings[0].id == "int4");  // the largest saving ranks first
  CHECK(advice.findings[0].saving.latency_s == doctest::Approx(28.9e-3).epsilon(0.01));
  RunRequest int8 = request;
  int8.weights = DType::int8;
  const Finding* f = find(advice, "int8");
  REQUIRE(f != nullptr);
  CHECK(f->saving.latency_s == advice.run.totals.latency_s - simulate(model, chip, int8).totals.latency_s);
  CHECK(find(advice, "transposes") == nullptr);
}

TEST_CASE("a run that does not fit its device says so first") {
  // An fp16 llama-2-7b holds 13.5 GB of weights: more than the A15's 3.5 GiB ANE window and its
  // device's DRAM (README, rule 13). The fit finding has nothing to save and ranks first anyway.
  const std::string dir = default_config_dir();
  RunRequest request;
  request.layout = "ane";
  request.seq = 16;
  const Advice advice = advise(load_model("llama-2-7b", dir), load_chip("A15", dir), request);
  REQUIRE(!advice.findings.empty());
  CHECK(advice.findings[0].id == "fit");
  CHECK(advice.findings[0].mechanism == advice.run.fit_reason);
  CHECK(advice.findings[0].basis == SavingBasis::none);
}

TEST_CASE("weights past the ANE's window: the advisor names the chunks they need and what each costs") {
  // llama-2-7b in fp16 on the M4: its 6,738,415,616 parameters are 13,476,831,232 bytes, of which
  // the 32,000 x 4,096 embedding table (262 MB) is resident only where its rows sit, so the
  // weights are between 13,214,687,232 and 13,476,831,232 bytes: 3.52 to 3.59 of the M4's
  // 3,758,096,384-byte (3.5 GiB) windows, so 4 chunks (ceil), --chunks 4 of anesim generate.
  const std::string dir = default_config_dir();
  const ModelSpec llama = load_model("llama-2-7b", dir);
  const ChipSpec m4 = load_chip("M4", dir);
  RunRequest request;
  request.layout = "ane";
  request.seq = 16;
  const Advice advice = advise(llama, m4, request);
  const std::int64_t weights = advice.run.totals.weight_bytes;
  CHECK(weights >= 13'214'687'232);
  CHECK(weights <= 13'476'831'232);
  REQUIRE(advice.findings.size() >= 2);
  CHECK(advice.findings[0].id == "fit");  // the limit first, then its fix
  const Finding& f = advice.findings[1];
  CHECK(f.id == "chunks");
  CHECK(f.principle == Principle::fit);
  CHECK(f.title == "weights need 4 chunks of the ANE's window");
  // Each of the 3 chunks after the first: the M4's 0.1 ms launch and 0.18 ms wait, and the
  // (1, 4096) hidden state out of one chunk and into the next at 6 bytes a value (fp16 in the
  // engine, fp32 in the app): 3 x 2 x 4,096 x 6 = 147,456 bytes at 80 GB/s, 1.84 us. A
  // generated token: 0.84 ms + 1.84 us = 0.842 ms. This run's 16 tokens hand 16 times the state:
  // 2,359,296 bytes, 29.5 us: 0.869 ms.
  CHECK(f.mechanism.find("= 4 chunks") != std::string::npos);
  CHECK(f.mechanism.find("0.842 ms per generated token") != std::string::npos);
  CHECK(f.mechanism.find("0.869 ms per prediction of 16 tokens") != std::string::npos);
  // The saving: the run on the CPU (its weights do not load on the ANE) against the 4 chunks on
  // the ANE, each with its own window, plus what the chunks add to this prediction.
  RunRequest rerun = request;
  rerun.keep_ops = false;
  ChipSpec four_windows = m4;
  four_windows.address_window_bytes *= 4;
  const double chunked_s = simulate(llama, four_windows, rerun).totals.latency_s + 3 * (0.1e-3 + 0.18e-3) + 2'359'296 / 80e9;
  CHECK(advice.run.totals.ane_ops == 0);
  CHECK(f.basis == SavingBasis::rerun);
  CHECK(f.saving.latency_s == doctest::Approx(advice.run.totals.latency_s - chunked_s).epsilon(1e-9));
  CHECK(f.saving.latency_s > 0);
}

TEST_CASE("a model whose weights fit the window gets no chunks finding") {
  const std::string dir = default_config_dir();
  const Advice advice = advise(load_model("distilbert", dir), load_chip("M4", dir), distilbert_request("baseline"));
  CHECK(find(advice, "chunks") == nullptr);
}

TEST_CASE("an imported torchvision vit_b_16 gets principles 1 and 3, and nothing that does not apply") {
  // configs/onnx/vit_b_16.onnx (scripts/torchvision_onnx.py): PyTorch's (B,S,C) attention, 12 layers.
  // - principle 1: each Linear/matmul over W pays the hardware's transposes (73 of them);
  // - principle 3: the exporter's per-head reshapes, q/k/v slices and transposes copy across W;
  // - principle 2 does not apply: a layer's scores are (1,12,197,197) fp16, rows padded from 394 to
  //   448 bytes: 12 x 197 x 448 = 1,059,072 B, a quarter of the A15's 4 MiB L2, so nothing spills;
  // - no CPU finding: every op runs on the ANE (fp16, no bool mask); the waterfall does not apply
  //   (an imported graph is not rebuilt by the builder's switches).
  const ModelSpec vit = load_model(default_config_dir() + "/onnx/vit_b_16.onnx", default_config_dir());
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  RunRequest request;
  request.layout = "baseline";
  const Advice a = advise(vit, a15, request);
  const Finding* transposes = find(a, "transposes");
  REQUIRE(transposes != nullptr);
  CHECK(transposes->principle == Principle::data_format);
  CHECK(transposes->op_count == 73);
  REQUIRE(find(a, "copies") != nullptr);
  CHECK(find(a, "copies")->principle == Principle::copies);
  CHECK(find(a, "spills") == nullptr);
  CHECK(find(a, "cpu") == nullptr);
  // A layer's ops fold into one line: the per-layer transposes group over encoder_layer_*.
  CHECK(std::any_of(transposes->ops.begin(), transposes->ops.end(), [](const OpGroup& g) {
    return g.name == "/encoder/layers/encoder_layer_*/mlp/mlp.0/MatMul" && g.count == 12;
  }));
}
