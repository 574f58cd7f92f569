// libFuzzer target: any bytes as a validation set. Loading resolves every point's chip and model
// and checks its values, so it must end in a ValidationSet or an anesim::Error, never anything else.
#include "fuzz/fuzz_config_file.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "validation/validation_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string config_dir = anesim::default_config_dir();
  const std::string path = anesim::fuzz::write_input(data, size, "validation");
  try {
    (void)anesim::load_validation_file(path, config_dir);
  } catch (const anesim::Error&) {
  }
  return 0;
}
