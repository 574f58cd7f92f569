// libFuzzer target: any bytes as an .onnx file. A file that loads (read and imported at batch 1,
// seq 8) is imported again at batch 2, seq 16, so sizes bound from the file meet other sizes.
#include "fuzz/fuzz_config_file.hpp"
#include "models/model_spec.hpp"
#include "models/onnx/onnx_import.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = anesim::fuzz::write_input(data, size, "onnx", ".onnx");
  try {
    const anesim::ModelSpec m = anesim::load_model_file(path);
    if (m.onnx) (void)anesim::import_onnx_graph(*m.onnx, 2, 16, {}, anesim::BuildOptions{});
  } catch (const anesim::Error&) {
  }
  return 0;
}
