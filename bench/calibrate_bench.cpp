// `anesim calibrate`'s speed (issue 21: "a fit over 50 points in under a few seconds"): the A15
// fitted to Figure 2's 46 points, the nine default parameters, without and with the
// leave-one-out refits.
#include <benchmark/benchmark.h>

#include "calibration/calibrate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "validation/validation_set.hpp"

namespace {

using namespace anesim;

void BM_CalibrateFigure2(benchmark::State& state) {
  const ValidationSet set = load_validation("figure2", default_config_dir());
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  CalibrationOptions options;
  options.leave_one_out = state.range(0) != 0;
  std::size_t iterations = 0;
  for (auto _ : state) {
    const Calibration c = calibrate(set, a15, options);
    iterations = c.iterations;
    benchmark::DoNotOptimize(c.after.mac_efficiency);
  }
  state.counters["points"] = static_cast<double>(set.points.size());
  state.counters["fit_iterations"] = static_cast<double>(iterations);
}
BENCHMARK(BM_CalibrateFigure2)->ArgName("leave_one_out")->Arg(0)->Arg(1)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace
