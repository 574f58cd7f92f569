#include "reports/generation_json.hpp"

#include <fmt/format.h>

#include "reports/json_text.hpp"

namespace anesim {

namespace {

void write_summary(std::ostream& o, const GenerationSummary& s) {
  o << fmt::format(
      "  \"summary\": {{\"ttft_s\": {}, \"decode_s\": {}, \"total_s\": {}, \"decode_tokens_per_s\": {}, \"tokens_per_s\": {}, "
      "\"energy_j\": {}, \"energy_per_token_j\": {}, \"io_s\": {}, \"peak_memory_bytes\": {}, "
      "\"regime_tokens\": {{\"compute-bound\": {}, \"bandwidth-bound\": {}, \"overhead-bound\": {}}}, "
      "\"simulations\": {}, \"chunks_needed\": {}, \"fits\": {}, \"fit_reason\": {}}},\n",
      s.ttft_s, s.decode_s, s.total_s, s.decode_tokens_per_s, s.tokens_per_s, s.energy_j, s.energy_per_token_j, s.io_s,
      s.peak_memory_bytes, s.regime_tokens[static_cast<std::size_t>(Regime::compute)],
      s.regime_tokens[static_cast<std::size_t>(Regime::bandwidth)], s.regime_tokens[static_cast<std::size_t>(Regime::overhead)],
      s.simulations, s.chunks_needed, s.fits ? "true" : "false", json_quoted(s.fit_reason));
}

}  // namespace

void write_generation_json(std::ostream& o, const GenerationResult& g) {
  o << fmt::format(
      "{{\n  \"model\": {}, \"chip\": {}, \"layout\": {}, \"weights\": {}, \"power_state\": {}, \"batch\": {}, "
      "\"prompt\": {}, \"new_tokens\": {}, \"kv_cache\": {}, \"context\": {}, \"chunks\": {},\n",
      json_quoted(g.model), json_quoted(g.chip), json_quoted(g.layout), json_quoted(g.weights), json_quoted(g.power_state), g.batch,
      g.prompt, g.new_tokens, json_quoted(kv_cache_name(g.kv_cache)), g.context, g.chunks);
  write_summary(o, g.summary);
  const RunTotals& p = g.prefill.totals;
  o << fmt::format("  \"prefill\": {{\"latency_s\": {}, \"peak_memory_bytes\": {}, \"weight_bytes\": {}, \"energy_j\": {}, \"regime\": {}}},\n",
                   p.latency_s, p.peak_memory_bytes, p.weight_bytes, p.energy_j, json_quoted(regime_name(p.regime)));
  o << "  \"tokens\": [\n";
  for (std::size_t i = 0; i < g.tokens.size(); ++i) {
    const TokenStep& t = g.tokens[i];
    o << fmt::format(
        "    {{\"token\": {}, \"kv_len\": {}, \"latency_s\": {}, \"engine_s\": {}, \"io_s\": {}, \"chunk_s\": {}, \"energy_j\": {}, "
        "\"io_bytes\": {}, \"regime\": {}, \"simulated\": {}}}{}\n",
        t.token, t.kv_len, t.latency_s, t.engine_s, t.io_s, t.chunk_s, t.energy_j, t.io_bytes, json_quoted(regime_name(t.regime)),
        t.simulated ? "true" : "false", i + 1 < g.tokens.size() ? "," : "");
  }
  o << "  ]\n}\n";
}

}  // namespace anesim
