// advise's what-if waterfall (advice/waterfall.hpp) and the findings it measures by rerunning the
// builder with a principle's switch on: distilbert on the A15 at the seed's two sizes, an
// already-optimized layout, and a bandwidth-bound decoder.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "advice/advise.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"

using namespace anesim;

namespace {

struct Distilbert {
  std::string dir = default_config_dir();
  ModelSpec model = load_model("distilbert", dir);
  ChipSpec chip = load_chip("A15", dir);

  [[nodiscard]] RunRequest request(const std::string& layout, std::int64_t seq, std::int64_t batch) const {
    RunRequest r;
    r.layout = layout;
    r.seq = seq;
    r.batch = batch;
    r.keep_ops = false;
    return r;
  }
  [[nodiscard]] RunTotals totals(const std::string& layout, std::int64_t seq, std::int64_t batch) const {
    return simulate(model, chip, request(layout, seq, batch)).totals;
  }
};

const Finding* find(const Advice& a, std::string_view id) {
  const auto it = std::find_if(a.findings.begin(), a.findings.end(), [&](const Finding& f) { return f.id == id; });
  return it == a.findings.end() ? nullptr : &*it;
}

// The layout steps' savings add up to the first step minus the ane step.
void check_steps_add_up(const Waterfall& w) {
  double latency = 0, energy = 0;
  std::int64_t memory = 0, dram = 0;
  for (std::size_t i = 1; i <= w.ane_step; ++i) {
    latency += w.steps[i].saving.latency_s;
    energy += w.steps[i].saving.energy_j;
    memory += w.steps[i].saving.peak_memory_bytes;
    dram += w.steps[i].saving.dram_bytes;
  }
  const StepFigures& base = w.steps.front().figures;
  const StepFigures& ane = w.steps[w.ane_step].figures;
  CHECK(latency == doctest::Approx(base.latency_s - ane.latency_s).epsilon(1e-12));
  CHECK(energy == doctest::Approx(base.energy_j - ane.energy_j).epsilon(1e-12));
  CHECK(memory == base.peak_memory_bytes - ane.peak_memory_bytes);
  CHECK(dram == base.dram_bytes - ane.dram_bytes);
}

}  // namespace

TEST_CASE("distilbert at seq 128: the waterfall's path, its end at the ane layout, each principle's saving") {
  const Distilbert d;
  const Advice a = advise(d.model, d.chip, d.request("baseline", 128, 1));
  const Waterfall& w = a.waterfall;
  REQUIRE(w.steps.size() == 7);  // baseline, 4 switches, int8, int4
  CHECK(w.ane_step == 4);
  CHECK(w.steps[1].layout == "baseline+bc1s");
  CHECK(w.steps[2].layout == "baseline+bc1s+heads");
  CHECK(w.steps[3].layout == "baseline+bc1s+heads+einsum");
  CHECK(w.steps[4].layout == "ane");
  CHECK(w.steps[6].weights == "int4");
  // The path ends exactly at the ane layout's figures: the same graph, run again.
  const StepFigures ane = step_figures(d.totals("ane", 128, 1));
  CHECK(w.steps[4].figures.latency_s == ane.latency_s);
  CHECK(w.steps[4].figures.peak_memory_bytes == ane.peak_memory_bytes);
  CHECK(w.steps[4].figures.dram_bytes == ane.dram_bytes);
  CHECK(w.steps[4].figures.energy_j == ane.energy_j);
  check_steps_add_up(w);
  // README: baseline / ANE is 2.79x (10.7 vs 3.85 ms).
  CHECK(w.steps[0].figures.latency_s / ane.latency_s == doctest::Approx(2.79).epsilon(0.005));
  // Principle 1 saves memory: Conv2d 1x1 reduces over C, so the rule-3 transposes' buffers around
  // the 38 projections go. They are the same buffers the transposes finding's rerun (the baseline
  // without the pass) removes: 2,359,296 B both ways. (The (B,C,1,S) form's unfused LayerNormANE,
  // nine ops where Core ML fuses the baseline's one, costs 0.19 ms: no latency saving at seq 128.)
  const Finding* transposes = find(a, "transposes");
  REQUIRE(transposes != nullptr);
  CHECK(w.steps[1].saving.peak_memory_bytes == 2359296);
  CHECK(w.steps[1].saving.peak_memory_bytes == transposes->saving.peak_memory_bytes);
  // Principle 2 saves memory and DRAM traffic: 12 (1,1,128,128) scores a layer live and die one
  // head at a time, not one (1,12,128,128) tensor. Its latency cost here is the bool mask's 72
  // per-head selects on the CPU, each with its repacks, which the mask step removes.
  CHECK(w.steps[2].saving.peak_memory_bytes > 0);
  CHECK(w.steps[2].saving.dram_bytes > 0);
  CHECK(w.steps[2].saving.peak_memory_bytes == doctest::Approx(9.73e6).epsilon(0.01));  // README's table
  // Principle 3 saves time, memory and DRAM: the einsums drop the per-head q, v and context
  // transposes (copies across W) and the matmuls' rule-3 transposes (288 in all).
  CHECK(w.steps[3].saving.latency_s > 0);
  CHECK(w.steps[3].saving.peak_memory_bytes > 0);
  CHECK(w.steps[3].saving.dram_bytes > 0);
  // Hybrid execution: the additive fp16 mask takes 72 selects, 6 mask_equal/view/tile triples and
  // their repacks off the CPU, and the hand-overs with them: 10 ms of the 13.9 ms.
  CHECK(w.steps[4].saving.latency_s == doctest::Approx(10.0e-3).epsilon(0.01));  // README's table
  CHECK(w.steps[4].saving.peak_memory_bytes > 0);
  // Principle 4: the 86.2 MB of fp16 weights (README) at int8 are half: 43.1 MB less to hold and stream.
  CHECK(w.steps[5].saving.peak_memory_bytes == doctest::Approx(43.1e6).epsilon(0.01));
  CHECK(w.steps[5].saving.dram_bytes == doctest::Approx(43.1e6).epsilon(0.01));
  CHECK(w.steps[5].saving.latency_s > 1e-3);
  CHECK(w.steps[6].saving.peak_memory_bytes == doctest::Approx(21.6e6).epsilon(0.01));  // int4: half again
}

TEST_CASE("distilbert at seq 512, batch 8: each principle's step saves what the seed says it should") {
  const Distilbert d;
  const Advice a = advise(d.model, d.chip, d.request("baseline", 512, 8));
  const Waterfall& w = a.waterfall;
  REQUIRE(w.steps.size() == 7);
  check_steps_add_up(w);
  const RunTotals base = d.totals("baseline", 512, 8);
  const RunTotals ane = d.totals("ane", 512, 8);
  CHECK(w.steps[0].figures.latency_s / w.steps[4].figures.latency_s == doctest::Approx(base.latency_s / ane.latency_s));
  // Principle 1 saves time: 38 Linears' 76 rule-3 transposes of (8,512,768)-sized activations
  // (6.3 MB each) go, more than the unfused LayerNormANE costs (README: 6.2 ms).
  CHECK(w.steps[1].saving.latency_s > 0);
  CHECK(w.steps[1].saving.latency_s == doctest::Approx(6.18e-3).epsilon(0.01));
  // Principle 2 saves time, memory and DRAM. One (8,12,512,512) fp16 score tensor is
  // 8 x 12 x 512 x 512 x 2 = 50.3 MB, past the A15's 4 MB L2 and its SLC; a head's is 4.19 MB.
  // Memory: each of the 6 layers' segments holds its own scores (README), so the split saves at
  // least 6 x (50.3 - 4.19) = 277 MB (README: 1.40 GB, the select's, softmax's and transposes'
  // buffers of that size go too). DRAM: the fused scores are written by the matmul and read by
  // the softmax's chain at least once each, 2 x 50.3 MB x 6 = 604 MB that no longer spill.
  CHECK(w.steps[2].saving.latency_s > 0);
  CHECK(w.steps[2].saving.peak_memory_bytes > 277'000'000);
  CHECK(w.steps[2].saving.dram_bytes > 604'000'000);
  CHECK(w.steps[2].saving.peak_memory_bytes == doctest::Approx(1.40e9).epsilon(0.01));  // README's table
  // Principle 3 saves memory: the per-head q, v and context transposes (copies across W) and the
  // matmuls' rule-3 transposes no longer hold buffers (README: 34.6 MB).
  CHECK(w.steps[3].saving.peak_memory_bytes > 0);
  CHECK(w.steps[3].saving.peak_memory_bytes == doctest::Approx(34.6e6).epsilon(0.01));
  // The additive mask saves most: the bool path's (8,512,1,512) selects and repacks on the CPU.
  CHECK(w.steps[4].saving.latency_s == doctest::Approx(0.576).epsilon(0.01));  // README's table
  CHECK(w.steps[4].saving.peak_memory_bytes == doctest::Approx(864e6).epsilon(0.01));
  CHECK(w.steps[5].saving.latency_s > 0);
  CHECK(w.steps[5].saving.peak_memory_bytes > 0);
}

TEST_CASE("the findings' predicted savings match a rerun with the fix applied within 5%") {
  // distilbert's baseline at seq 512, batch 8: each fix applied by hand, here, and run.
  const Distilbert d;
  const Advice a = advise(d.model, d.chip, d.request("baseline", 512, 8));
  const RunTotals base = d.totals("baseline", 512, 8);
  auto within_5pct = [](double predicted, double rerun) { CHECK(predicted == doctest::Approx(rerun).epsilon(0.05)); };
  // Principle 2: the per-head split, on the (B,C,1,S) form it needs.
  const Finding* spills = find(a, "spills");
  REQUIRE(spills != nullptr);
  CHECK(spills->principle == Principle::chunking);
  CHECK(spills->dram_bytes > 0);
  const RunTotals formatted = d.totals("baseline+bc1s", 512, 8);
  const RunTotals split = d.totals("baseline+bc1s+heads", 512, 8);
  within_5pct(spills->saving.latency_s, formatted.latency_s - split.latency_s);
  within_5pct(static_cast<double>(spills->saving.peak_memory_bytes), static_cast<double>(formatted.peak_memory_bytes - split.peak_memory_bytes));
  // Hybrid execution: the bool mask path replaced by the additive mask.
  const Finding* cpu = find(a, "cpu");
  REQUIRE(cpu != nullptr);
  const RunTotals masked = d.totals("baseline+mask", 512, 8);
  within_5pct(cpu->saving.latency_s, base.latency_s - masked.latency_s);
  within_5pct(cpu->saving.energy_j, base.energy_j - masked.energy_j);
  // Principle 4: int8 weights.
  const Finding* int8 = find(a, "int8");
  REQUIRE(int8 != nullptr);
  RunRequest narrower = d.request("baseline", 512, 8);
  narrower.weights = DType::int8;
  within_5pct(int8->saving.latency_s, base.latency_s - simulate(d.model, d.chip, narrower).totals.latency_s);
}

TEST_CASE("a model already in the ANE layout gets no principle 1-3 findings") {
  const Distilbert d;
  for (const auto& [seq, batch] : {std::pair<std::int64_t, std::int64_t>{128, 1}, {512, 8}}) {
    const Advice a = advise(d.model, d.chip, d.request("ane", seq, batch));
    for (const Finding& f : a.findings) {
      CHECK(f.principle != Principle::data_format);
      CHECK(f.principle != Principle::chunking);
      CHECK(f.principle != Principle::copies);
    }
  }
}

TEST_CASE("a bandwidth-bound decoder gets principle 4 with its int8 and int4 figures, as the waterfall's last steps") {
  // gpt2 decoding one token on the A15 with a 512-token cache: every projection streams its fp16
  // weights for one token, so int8 and int4 save time, largest first.
  const std::string dir = default_config_dir();
  const ModelSpec model = load_model("gpt2", dir);
  const ChipSpec chip = load_chip("A15", dir);
  RunRequest request;
  request.layout = "ane";
  request.options.phase = Phase::decode;
  request.options.kv_len = 512;
  const Advice a = advise(model, chip, request);
  REQUIRE(a.findings.size() >= 2);
  CHECK(a.findings[0].id == "int4");
  CHECK(a.findings[1].id == "int8");
  CHECK(a.findings[1].saving.latency_s > 0.3 * a.run.totals.latency_s);
  // The waterfall's int8 step is the ane run minus its int8 rerun: the int8 finding; the int4
  // step is int8 minus int4, so the two steps add up to the int4 finding.
  const Waterfall& w = a.waterfall;
  REQUIRE(w.steps.size() == 7);
  CHECK(w.steps[5].saving.latency_s == doctest::Approx(a.findings[1].saving.latency_s).epsilon(1e-12));
  CHECK(w.steps[5].saving.latency_s + w.steps[6].saving.latency_s == doctest::Approx(a.findings[0].saving.latency_s).epsilon(1e-12));
  for (const Finding& f : a.findings) CHECK(f.principle != Principle::copies);
}

TEST_CASE("each fix alone: against the baseline, or the switches it needs, and equal to that rerun") {
  // distilbert, A15, seq 128, batch 1. bc1s alone is the path's first step; heads needs bc1s and
  // einsum needs heads, so theirs are the path's steps too; the mask alone is baseline+mask
  // against baseline (no per-head split multiplying its CPU selects, so it buys less than the
  // 10 ms it buys at the end of the path, but still most of the baseline's CPU time); int8 and
  // int4 alone are the baseline layout at those weights.
  const Distilbert d;
  const Advice a = advise(d.model, d.chip, d.request("baseline", 128, 1));
  const Waterfall& w = a.waterfall;
  REQUIRE(w.alone.size() == 6);
  CHECK(w.alone[0].title == "bc1s alone");
  CHECK(w.alone[0].saving.latency_s == w.steps[1].saving.latency_s);
  CHECK(w.alone[1].from == "baseline+bc1s");
  CHECK(w.alone[2].saving.peak_memory_bytes == w.steps[3].saving.peak_memory_bytes);
  const RunTotals base = d.totals("baseline", 128, 1);
  const RunTotals masked = d.totals("baseline+mask", 128, 1);
  CHECK(w.alone[3].title == "mask alone");
  CHECK(w.alone[3].from == "baseline");
  CHECK(w.alone[3].saving.latency_s == doctest::Approx(base.latency_s - masked.latency_s).epsilon(1e-12));
  CHECK(w.alone[3].saving.peak_memory_bytes == base.peak_memory_bytes - masked.peak_memory_bytes);
  CHECK(w.alone[3].saving.latency_s > 0.5 * (base.latency_s - d.totals("ane", 128, 1).latency_s));
  CHECK(w.alone[3].saving.latency_s < w.steps[4].saving.latency_s);
  // int4 alone is the int4 finding's rerun: the same saving.
  const Finding* int4 = find(a, "int4");
  REQUIRE(int4 != nullptr);
  CHECK(w.alone[5].title == "int4 alone");
  CHECK(w.alone[5].saving.latency_s == doctest::Approx(int4->saving.latency_s).epsilon(1e-12));
  CHECK(w.alone[5].saving.peak_memory_bytes == int4->saving.peak_memory_bytes);
}
