// libFuzzer target: any bytes as a sweep file. Loading resolves every chip and model and checks
// every point, so it must end in a SweepSpec or an anesim::Error, never anything else.
#include "fuzz/fuzz_config_file.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sweep/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string config_dir = anesim::default_config_dir();
  const std::string path = anesim::fuzz::write_input(data, size, "sweep");
  try {
    (void)anesim::load_sweep_file(path, config_dir);
  } catch (const anesim::Error&) {
  }
  return 0;
}
