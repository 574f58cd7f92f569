// Runs one simulation N times, for profilers (valgrind --tool=callgrind, perf):
//   anesim_profile [ane|baseline] [seq] [batch] [N]      default: ane 128 1 20
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "sim/chip_loader.hpp"
#include "sim/config_paths.hpp"

int main(int argc, char** argv) {
  anesim::RunRequest req;
  req.layout = argc > 1 ? argv[1] : "ane";
  req.seq = argc > 2 ? std::atoll(argv[2]) : 128;
  req.batch = argc > 3 ? std::atoll(argv[3]) : 1;
  const int n = argc > 4 ? std::atoi(argv[4]) : 20;
  const std::string dir = anesim::default_config_dir();
  const anesim::ModelSpec model = anesim::load_model("distilbert", dir);
  const anesim::ChipSpec chip = anesim::load_chip("A15", dir);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += anesim::simulate(model, chip, req).totals.latency_s;
  std::printf("%s seq %lld batch %lld: %d runs, mean predicted latency %.3f ms\n", req.layout.c_str(),
              static_cast<long long>(req.seq), static_cast<long long>(req.batch), n, sum / n * 1e3);
  return 0;
}
