// Chip variants (`base:`): a Pro/Max/Ultra file inherits every figure it does not write, a bad
// override is rejected at its own file:line, an Ultra runs a model on one ANE instance, and a
// bandwidth-bound GEMV streams at each chip's measured ANE ceiling, whatever the SoC's DRAM peak.
#include <doctest/doctest.h>


#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "chip/ane_instances.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sim/executor.hpp"
#include "ir/graph_builder.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {
ChipSpec chip(const std::string& name) { return load_chip(name, default_config_dir()); }

std::string load_error(const std::string& path) { return test::error_loading(path, load_chip_file); }
}  // namespace

TEST_CASE("a variant inherits every field it does not write") {
  const ChipSpec m3 = chip("M3");
  const ChipSpec max = chip("M3 Max");
  // configs/chips/M3Max.yaml writes these and nothing else:
  ChipSpec expected = m3;
  expected.name = "M3 Max";
  expected.devices = "MacBook Pro 14 (M3 Max), MacBook Pro 16 (M3 Max)";
  expected.source_file = max.source_file;
  expected.base = "M3";
  expected.variant = "Max";
  expected.stream_ceiling_Bps = 120.22e9;
  expected.dram_bandwidth_Bps = 400e9;
  expected.slc_bytes = 50331648;
  expected.cpu_bandwidth_Bps = 100e9;
  expected.dram_bytes = 38654705664;  // 36 GiB, and the device it is from
  expected.dram_device = "MacBook Pro 14 (M3 Max)";
  CHECK(max == expected);
  CHECK(max.generation == "M3");
  CHECK(max.power_states == m3.power_states);  // the same ANE block: the same states and energies
  CHECK(max.energy == m3.energy);

  // Two levels: M3 Ultra <- M3 Max <- M3. One instance of it is an M3 Max's ANE.
  const ChipSpec ultra = chip("M3 Ultra");
  CHECK(ultra.base == "M3 Max");
  CHECK(ultra.generation == "M3");
  CHECK(ultra.ane_instances == 2);
  CHECK(ultra.peak_fp16_flops_per_s == m3.peak_fp16_flops_per_s);
  CHECK(ultra.l2_bytes == m3.l2_bytes);
  CHECK(ultra.slc_bytes == max.slc_bytes);
  CHECK(ultra.dram_bandwidth_Bps == 819e9);

  // A new generation borrowing figures (no variant) is its own generation.
  const ChipSpec m5 = chip("M5");
  CHECK(m5.base == "M4");
  CHECK(m5.generation == "M5");
  CHECK(m5.variant.empty());
  CHECK(m5.peak_fp16_flops_per_s == chip("M4").peak_fp16_flops_per_s);
}

TEST_CASE("the shipped family: at least 25 chips, one generation per base chip, in family order") {
  const auto chips = load_all_chips(default_config_dir());
  CHECK(chips.size() >= 25);
  std::vector<std::string> m3_family;
  for (const auto& c : chips) {
    if (c.generation == "M3") m3_family.push_back(c.name);
    if (!c.variant.empty()) CHECK_MESSAGE(!c.base.empty(), c.name);
  }
  CHECK(m3_family == std::vector<std::string>{"M3", "M3 Pro", "M3 Max", "M3 Ultra"});
}

TEST_CASE("a variant that overrides an unknown field is rejected at its own file and line") {
  const std::string path = test::write_temp_config("anesim_variant_unknown", "M3Typo.yaml",
                                      "base: M3\nvariant: Max\nname: M3 Typo\ndevices: none\nane:\n"
                                      "  stream_ceilng_Bps: 120e9\n");
  const std::string msg = load_error(path);
  CHECK(msg.find(path + ":6:") != std::string::npos);
  CHECK(msg.find("unknown key 'ane.stream_ceilng_Bps'") != std::string::npos);
  CHECK(msg.find("did you mean 'stream_ceiling_Bps'") != std::string::npos);
}

TEST_CASE("variant errors: a bad override value, an unknown base, a cycle, a variant without a base") {
  const std::string bad_value = test::write_temp_config("anesim_variant_value", "V.yaml",
                                           "base: M3\nvariant: Max\nname: V\ndevices: none\nmemory:\n  dram_bandwidth_Bps: -1\n");
  CHECK(load_error(bad_value).find(bad_value + ":6:") != std::string::npos);
  CHECK(load_error(bad_value).find("expected a positive number") != std::string::npos);

  const std::string unknown = test::write_temp_config("anesim_variant_base", "V.yaml", "base: M33\nvariant: Max\nname: V\ndevices: none\n");
  CHECK(load_error(unknown).find(unknown + ":1:") != std::string::npos);
  CHECK(load_error(unknown).find("unknown chip 'M33'") != std::string::npos);

  const std::string a = test::write_temp_config("anesim_variant_cycle", "A.yaml", "base: B\nvariant: Pro\nname: A\ndevices: a\n");
  test::write_temp_config("anesim_variant_cycle", "B.yaml", "base: A\nvariant: Pro\nname: B\ndevices: b\n");
  CHECK(load_error(a).find("a cycle of base: keys") != std::string::npos);

  const std::string same_name = test::write_temp_config("anesim_variant_name", "V.yaml", "base: M3\nvariant: Max\ndevices: none\n");
  CHECK(load_error(same_name).find("a variant has the name of its base 'M3'") != std::string::npos);

  const std::string orphan = test::write_temp_config("anesim_variant_orphan", "V.yaml", "variant: Max\nname: V\n");
  CHECK(load_error(orphan).find(orphan + ":1:") != std::string::npos);
  CHECK(load_error(orphan).find("only with its base") != std::string::npos);
}

TEST_CASE("an Ultra runs a single model on one of its two ANE instances") {
  // M1 Ultra's ANE figures are one instance's, inherited from M1 Max; only the port's measured
  // ceiling differs (54.72 vs 54.62 GB/s). distilbert is bandwidth-bound, so it runs at most
  // 0.2% faster on the Ultra: not 2x, which two instances would give.
  const ModelSpec distilbert = load_model("distilbert", default_config_dir());
  const RunRequest request;
  const double max_s = simulate(distilbert, chip("M1 Max"), request).totals.latency_s;
  const double ultra_s = simulate(distilbert, chip("M1 Ultra"), request).totals.latency_s;
  MESSAGE("distilbert seq 128: M1 Max " << max_s * 1e3 << " ms, M1 Ultra " << ultra_s * 1e3 << " ms");
  CHECK(chip("M1 Ultra").ane_instances == 2);
  CHECK(ultra_s <= max_s);
  CHECK(ultra_s >= max_s * (54.62 / 54.72) * 0.999);
}

TEST_CASE("a bandwidth-bound GEMV streams its weights at the ANE's ceiling, not the SoC's DRAM peak") {
  // anemll-bench's llama_lm_head: x (1, 4096) times 128,256 x 4096 fp16 weights = 1,050,673,152 B
  // (sources §3). Expected time = weight bytes / min(DRAM x efficiency, port ceiling); the one
  // program launch (0.1-0.2 ms) is under 1.3% of it. M1 Max has 5.9x M1's DRAM but not its ANE.
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 4096, 1, 1}, DType::fp16);
  const TensorId w = b.weight("lm_head.weight", Shape{128256, 4096, 1, 1});
  b.output(b.op("lm_head", OpKind::conv1x1, {x, w}));
  const Graph gemv = b.finish();
  constexpr double weight_bytes = 128256.0 * 4096 * 2;
  struct Case {
    const char* chip;
    double measured_Bps;  // anemll-bench Results.MD (sources §3)
  };
  for (const Case c : {Case{"M1", 60.87e9}, Case{"M1 Max", 54.62e9}, Case{"M3 Max", 120.22e9}, Case{"M4 Pro", 126.36e9}}) {
    const RunResult r = execute(gemv, chip(c.chip));
    const double predicted_s = weight_bytes / chip(c.chip).ane_dram_bandwidth_Bps();
    const double measured_s = weight_bytes / c.measured_Bps;
    MESSAGE(std::string(c.chip) << ": " << r.totals.latency_s * 1e3 << " ms, weight bytes / ceiling " << predicted_s * 1e3
                   << " ms, anemll-bench " << measured_s * 1e3 << " ms");
    CHECK(r.totals.latency_s == doctest::Approx(predicted_s).epsilon(0.10));
    CHECK(r.totals.latency_s == doctest::Approx(measured_s).epsilon(0.10));
    CHECK(r.totals.regime == Regime::bandwidth);
  }
  const double m1_s = execute(gemv, chip("M1")).totals.latency_s;
  const double m1_max_s = execute(gemv, chip("M1 Max")).totals.latency_s;
  CHECK(m1_max_s > m1_s);  // the Max is no faster: its port streams 54.6 GB/s to M1's 60.9
}

TEST_CASE("a user's variant of a shipped chip without L2 and SLC: every byte goes to DRAM") {
  // A chip without on-chip caches is a valid what-if (l2_bytes and slc_bytes accept 0). Based on
  // the shipped A15 from a folder of the user's own, it loads; run, no op is served by L2 and
  // the DRAM traffic exceeds the real A15's, which keeps activations on chip.
  const std::string path = test::write_temp_config("anesim_variant_nocache", "A15NoCache.yaml",
                                      "base: A15\nvariant: NoCache\nname: A15 without caches\ndevices: none\n"
                                      "ane:\n  l2_bytes: 0\nmemory:\n  slc_bytes: 0\n");
  const ChipSpec bare = load_chip_file(path);
  CHECK(bare.l2_bytes == 0);
  CHECK(bare.slc_bytes == 0);
  CHECK(bare.generation == "A15");
  const ModelSpec distilbert = load_model("distilbert", default_config_dir());
  const RunResult with = simulate(distilbert, chip("A15"), RunRequest{});
  const RunResult without = simulate(distilbert, bare, RunRequest{});
  for (const auto& op : without.ops) CHECK_MESSAGE(op.l2_bytes == 0, op.name);
  CHECK(without.totals.dram_read_bytes > with.totals.dram_read_bytes);
  CHECK(without.totals.dram_write_bytes > with.totals.dram_write_bytes);
  CHECK(without.totals.latency_s >= with.totals.latency_s);
}

TEST_CASE("a run asked to use both of an Ultra's ANEs: compute adds up, the streaming ceiling does not") {
  // use_ane_instances(M1 Ultra, 2): 2 x 11 TFLOP/s, 2 x 4 MB L2, the same 54.72 GB/s port ceiling
  // (two models at once streamed no more than one, anemll-bench#8). So distilbert at seq 128
  // (bandwidth-bound: weights stream at the ceiling) gains little, while bert-large at seq 512,
  // batch 8 (compute-bound) runs close to twice as fast.
  const ChipSpec ultra = chip("M1 Ultra");
  const ChipSpec both = use_ane_instances(ultra, 2);
  CHECK(both.peak_fp16_flops_per_s == 2 * ultra.peak_fp16_flops_per_s);
  CHECK(both.l2_bytes == 2 * ultra.l2_bytes);
  CHECK(both.ane_dram_bandwidth_Bps() == ultra.ane_dram_bandwidth_Bps());
  CHECK(both.power_states[0].static_w == doctest::Approx(2 * ultra.power_states[0].static_w));

  RunRequest one;
  RunRequest two;
  two.ane_instances = 2;
  const ModelSpec distilbert = load_model("distilbert", default_config_dir());
  const double d1 = simulate(distilbert, ultra, one).totals.latency_s;
  const RunResult d2 = simulate(distilbert, ultra, two);
  CHECK(d2.ane_instances == 2);
  CHECK(d2.totals.latency_s > 0.8 * d1);  // bandwidth-bound: at most a 20% gain, not 2x

  const ModelSpec large = load_model("bert-large-uncased", default_config_dir());
  one.seq = two.seq = 512;
  one.batch = two.batch = 8;
  const RunResult l1 = simulate(large, ultra, one);
  const double l2 = simulate(large, ultra, two).totals.latency_s;
  MESSAGE("M1 Ultra, 1 vs 2 ANEs: distilbert " << d1 * 1e3 << " / " << d2.totals.latency_s * 1e3
                                               << " ms; bert-large 512x8 " << l1.totals.latency_s * 1e3 << " / "
                                               << l2 * 1e3 << " ms");
  REQUIRE(l1.totals.regime == Regime::compute);
  CHECK(l2 < 0.65 * l1.totals.latency_s);
  CHECK(l2 > 0.5 * l1.totals.latency_s);  // never better than twice the engines

  CHECK_THROWS_WITH_AS((void)use_ane_instances(ultra, 3), doctest::Contains("chip 'M1 Ultra' has 2 ANE instances, not 3"), Error);
  CHECK_THROWS_WITH_AS((void)use_ane_instances(chip("A15"), 2), doctest::Contains("chip 'A15' has 1 ANE instance, not 2"), Error);
}
