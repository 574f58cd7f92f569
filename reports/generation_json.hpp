#pragma once
// `anesim generate --json` (schema in README.md, "Generation"): the reply's labels, its summary,
// the prefill's totals and one record per generated token, keys in a fixed order, numbers in
// their shortest round-trip form.
#include <ostream>

#include "generation/generate.hpp"

namespace anesim {

void write_generation_json(std::ostream& out, const GenerationResult& g);

}  // namespace anesim
