// libFuzzer target: any bytes as a chip file. Every outcome must be a ChipSpec or an
// anesim::Error; anything else (a crash, a sanitizer report, another exception) is a finding.
#include "fuzz/fuzz_config_file.hpp"
#include "chip/chip_loader.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = anesim::fuzz::write_input(data, size, "chip");
  try {
    (void)anesim::load_chip_file(path);
  } catch (const anesim::Error&) {
  }
  return 0;
}
