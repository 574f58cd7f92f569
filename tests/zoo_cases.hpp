#pragma once
// The configurations issue 22's memoized-against-full tests run: every zoo model in both shipped
// layouts and, for a decoder, in both phases (seq 64, batch 2; decode over a 255-token cache), on
// three chips of three generations.
#include <string>
#include <vector>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"

namespace anesim::test {

struct ZooCase {
  ModelSpec model;
  RunRequest request;
  std::string label;  // "gpt2 ane decode", for INFO
};

inline std::vector<ZooCase> zoo_cases() {
  std::vector<ZooCase> cases;
  for (const auto& file : config_files(default_config_dir(), "models")) {
    const ModelSpec m = load_model_file(file);
    for (const char* layout : {"baseline", "ane"}) {
      for (const bool decode : {false, true}) {
        if (decode && !m.is_decoder()) continue;
        RunRequest request;
        request.layout = layout;
        request.batch = 2;
        request.seq = 64;
        if (decode) {
          request.options.phase = Phase::decode;
          request.options.kv_len = 255;
        }
        cases.push_back({m, request, m.name + " " + layout + (decode ? " decode" : " prefill")});
      }
    }
  }
  return cases;
}

inline std::vector<ChipSpec> three_chips() {
  const std::string dir = default_config_dir();
  return {load_chip("A15", dir), load_chip("M1Max", dir), load_chip("M4", dir)};
}

}  // namespace anesim::test
