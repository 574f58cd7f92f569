// The app boundary in every run (sim/app_boundary.hpp, docs/modelling-rules.md rule 12): each
// graph input and output is copied between the app's arrays and the engine's buffers, floats
// converted from or to the app's fp32, other types as they are, the model's state (a KV cache)
// left in the engine. Each figure is worked out by hand from the chip file's rate.
#include <doctest/doctest.h>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "models/simulate.hpp"
#include "sim/app_boundary.hpp"

using namespace anesim;

namespace {

ModelSpec model(const std::string& name) { return load_model(name, default_config_dir()); }
ChipSpec chip(const std::string& name) { return load_chip(name, default_config_dir()); }

RunRequest request(const char* layout, std::int64_t seq) {
  RunRequest r;
  r.layout = layout;
  r.seq = seq;
  r.batch = 1;
  return r;
}

}  // namespace

TEST_CASE("a tensor crosses converted from or to the app's fp32 when it is a float, as it is otherwise") {
  // fp16: 2 bytes in the engine, 4 in the app; fp32 4 + 4; int32 token ids 4 + 4; a bool 1 + 1.
  CHECK(tensor_crossing(10, DType::fp16).engine_bytes == 20);
  CHECK(tensor_crossing(10, DType::fp16).app_bytes == 40);
  CHECK(tensor_crossing(10, DType::fp32).moved_bytes() == 80);
  CHECK(tensor_crossing(10, DType::int32).moved_bytes() == 80);
  CHECK(tensor_crossing(10, DType::boolean).moved_bytes() == 20);
}

TEST_CASE("every run pays its model I/O: distilbert at seq 128 on the A15 copies 1,804 bytes at 7 GB/s") {
  const ModelSpec distilbert = model("distilbert");
  const ChipSpec a15 = chip("A15");
  for (const char* layout : {"ane", "baseline"}) {
    CAPTURE(layout);
    const RunResult r = simulate(distilbert, a15, request(layout, 128));
    // In: 128 int32 ids, copied as they are (4 + 4 bytes each): 1,024 bytes; the attention mask,
    // 128 fp16 values the app holds as fp32 (2 + 4 bytes): 768. Out: the two fp16 logits, 12.
    // 1,804 bytes at the A15's app_io_bandwidth_Bps of 7e9 B/s: 0.258 us on 3.85 ms (ane) or
    // 10.7 ms (baseline), 7e-5 of the run or less.
    CHECK(r.totals.app_io_bytes == 1'804);
    CHECK(r.totals.app_io_s == 1'804 / 7e9);
    // After the engines' timeline (the last op's end), in the latency.
    CHECK(r.totals.latency_s == r.ops.back().end_s + 1'804 / 7e9);
    // The copy is CPU work: 1,804 bytes at the A15's 10 pJ a byte, 18.04 nJ, on top of the CPU
    // steps' own actions (their energy less the static power over their time).
    const double static_w = 0.14;  // configs/chips/A15.yaml, the high state
    double cpu_steps_j = 0;
    for (const OpRecord& op : r.ops) {
      if (op.engine == Engine::cpu && !op.free) cpu_steps_j += op.energy_j - static_w * op.latency_s();
    }
    CHECK(r.totals.cpu_energy_j == doctest::Approx(cpu_steps_j + 1'804 * 10e-12).epsilon(1e-9));
    CHECK(r.totals.static_energy_j == doctest::Approx(static_w * r.totals.latency_s).epsilon(1e-12));
  }
}

TEST_CASE("a decode step's KV cache stays in the engine: the run copies one id in and the logits out") {
  RunRequest r = request("ane", 1);
  r.options.phase = Phase::decode;
  r.options.kv_len = 255;
  const ModelSpec gpt2 = model("gpt2");
  const Graph graph = build_graph(gpt2, r);
  const RunResult run = run_graph(graph, gpt2, chip("M4"), r);
  // One int32 id (8 bytes) and 50,257 fp16 logits held as fp32 (6 bytes each): 301,550 bytes at
  // the M4's 80 GB/s, 3.77 us.
  CHECK(run.totals.app_io_bytes == 8 + 50'257 * 6);
  CHECK(run.totals.app_io_s == doctest::Approx(301'550 / 80e9).epsilon(1e-12));
  // Held as model I/O instead, the cache would cross too: 12 layers x (keys + values) x 256 rows x
  // 768 values at 6 bytes, in and, one row longer, back: 2 x 28,311,552 = 56,623,104 bytes.
  const BoundaryTraffic cache = state_traffic(graph);
  CHECK(cache.moved_bytes() == 56'623'104);
  CHECK(cache.cache_bytes == 2 * 12 * 2 * 256 * 768 * 2);
}

TEST_CASE("an image's pixels are not negligible: vit-base's 224 x 224 input is 129.9 us on the A15") {
  const RunResult r = simulate(model("vit-base-patch16-224"), chip("A15"), request("baseline", 197));
  // (1, 3, 224, 224) = 150,528 fp16 pixels from the app's fp32 (6 bytes each) and 1,000 logits
  // back: 903,168 + 6,000 = 909,168 bytes at 7 GB/s.
  CHECK(r.totals.app_io_bytes == 909'168);
  CHECK(r.totals.app_io_s == doctest::Approx(909'168 / 7e9).epsilon(1e-12));
  CHECK(r.totals.app_io_s == doctest::Approx(129.88e-6).epsilon(1e-4));
}
