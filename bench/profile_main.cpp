// Runs one simulation N times, for profilers (valgrind --tool=callgrind, perf):
//   anesim_profile [ane|baseline] [seq] [batch] [N] [model] [kv-len] [keep-ops]   default: ane 128 1 20 distilbert 0 1
// A kv-len above 0 runs the decode phase over a cache of that many tokens; keep-ops 0 runs without
// per-op records, as sweeps that keep totals only do.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/heap_policy.hpp"

int main(int argc, char** argv) {
  anesim::keep_heap_between_runs();  // as the CLI does
  anesim::RunRequest req;
  req.layout = argc > 1 ? argv[1] : "ane";
  req.seq = argc > 2 ? std::atoll(argv[2]) : 128;
  req.batch = argc > 3 ? std::atoll(argv[3]) : 1;
  const int n = argc > 4 ? std::atoi(argv[4]) : 20;
  const std::string model_name = argc > 5 ? argv[5] : "distilbert";
  const std::int64_t kv_len = argc > 6 ? std::atoll(argv[6]) : 0;
  req.keep_ops = argc > 7 ? std::atoi(argv[7]) != 0 : true;
  if (kv_len > 0) {
    req.options.phase = anesim::Phase::decode;
    req.options.kv_len = kv_len;
  }
  const std::string dir = anesim::default_config_dir();
  const anesim::ModelSpec model = anesim::load_model(model_name, dir);
  const anesim::ChipSpec chip = anesim::load_chip("A15", dir);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += anesim::simulate(model, chip, req).totals.latency_s;
  std::printf("%s %s seq %lld batch %lld: %d runs, mean predicted latency %.3f ms\n", model_name.c_str(),
              req.layout.c_str(), static_cast<long long>(req.seq), static_cast<long long>(req.batch), n, sum / n * 1e3);
  return 0;
}
