// libFuzzer target: any bytes as a model file; a model that loads is also built, in both layouts
// at a small size, so the builder meets every spec the loader accepts.
#include "fuzz/fuzz_config_file.hpp"
#include "models/model_spec.hpp"
#include "models/transformer_builder.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = anesim::fuzz::write_input(data, size, "model");
  try {
    anesim::ModelSpec m = anesim::load_model_file(path);
    // Keep each build small: the fuzzer explores structure, not size.
    if (m.layers > 4 || m.heads > 64 || m.hidden_size > 4096 || m.ffn_size > 16384 || m.vocab_size > 100000 ||
        m.fixed_sequence() > 4096) {
      return 0;
    }
    for (const char* layout : {"baseline", "ane"}) (void)anesim::build_transformer(m, layout, 1, 8);
  } catch (const anesim::Error&) {
  }
  return 0;
}
