#pragma once
// `anesim generate --html FILE`: one self-contained page for a reply (inline SVG, no scripts):
// its summary and the per-token chart, latency against the cache length with the engine's part
// and the app-boundary copies told apart, each decode step's regime as the line's colour.
#include <ostream>

#include "generation/generate.hpp"

namespace anesim {

void write_generation_html(std::ostream& out, const GenerationResult& g);
// The per-token chart alone: one <svg> element, linear axes (tokens in the cache, ms).
[[nodiscard]] std::string generation_chart(const GenerationResult& g, int width = 720, int height = 360);

}  // namespace anesim
