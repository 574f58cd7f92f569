#pragma once
// One reply of a decoder: the prompt's prefill, then a decode step per new token over the growing
// KV cache, each step costed by models' simulate() (through generation/step_curve.hpp), whose
// latency holds the model I/O every run copies across the app boundary (sim/app_boundary.hpp),
// plus what the deployment's cache copies (generation/kv_cache.hpp) and the launches of a
// chunked model.
//
// Token 1 comes out of the prefill (its time is the time to first token); token t > 1 out of a
// decode step whose cache holds the prompt and tokens 1 .. t-2, kv_len = prompt + t - 2 (the
// step writes token t-1's keys and values and attends over kv_len + 1 of them). A fixed cache
// attends over `context` rows every step.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chip/chip_spec.hpp"
#include "generation/kv_cache.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"
#include "sim/run_result.hpp"

namespace anesim {

struct GenerateRequest {
  RunRequest run;  // layout, batch, weights, power state; generate() sets the phase and sizes
  std::int64_t prompt = 512;
  std::int64_t new_tokens = 256;
  KvCache kv_cache = KvCache::state;
  std::optional<std::int64_t> context;  // fixed: the cache's rows (default prompt + new_tokens)
  // The model split into this many chunks, each a model of its own with its share of the
  // layers and its own weight window: a launch, a completion wait and the hidden state across
  // the app boundary per chunk after the first, per prediction.
  std::int64_t chunks = 1;
  // Simulate every decode step rather than reading steps off the step curve's lines (exact, and
  // about 16x the simulations; generation/step_curve.hpp).
  bool every_step = false;
};

struct TokenStep {
  std::int64_t token = 0;   // 1-based, in the reply
  std::int64_t kv_len = 0;  // cache rows the step attends over besides its own; 0 for the prefill
  double engine_s = 0;      // the simulated prediction, less its model I/O
  double io_s = 0;          // copies across the app boundary: model I/O, the cache's, the chunks'
  double chunk_s = 0;       // launches and waits of chunks after the first
  double latency_s = 0;     // engine_s + io_s + chunk_s
  double energy_j = 0;
  std::int64_t io_bytes = 0;  // moved across the boundary (app side + engine side)
  Regime regime = Regime::overhead;  // the engines' regime for the step
  bool simulated = false;    // false: interpolated on a linear piece of the step curve
};

struct GenerationSummary {
  double ttft_s = 0;            // the prefill's TokenStep latency
  double decode_s = 0;          // every step after it
  double total_s = 0;
  double decode_tokens_per_s = 0;  // batch x (new_tokens - 1) / decode_s; 0 for one token
  double tokens_per_s = 0;         // batch x new_tokens / total_s
  double energy_j = 0;
  double energy_per_token_j = 0;   // energy_j / (batch x new_tokens)
  double io_s = 0;                 // of total_s, the boundary copies
  std::int64_t peak_memory_bytes = 0;  // the largest step's, plus the app's arrays for it
  std::array<std::int64_t, 3> regime_tokens{};  // decode steps per Regime
  std::int64_t simulations = 0;  // decode cache lengths simulated (the prefill not counted)
  std::int64_t chunks_needed = 1;  // weights / the ANE's window, rounded up
  bool fits = true;
  std::string fit_reason;
};

struct GenerationResult {
  std::string model, chip, layout, weights, power_state;
  std::int64_t batch = 1, prompt = 0, new_tokens = 0, context = 0, chunks = 1;
  KvCache kv_cache = KvCache::state;
  RunResult prefill;  // without op records
  std::vector<TokenStep> tokens;  // new_tokens of them, in order
  GenerationSummary summary;
};

// Throws anesim::Error for an encoder, sizes out of range (prompt + new_tokens past the model's
// positions, a fixed context too short for the reply) or chunks below 1.
[[nodiscard]] GenerationResult generate(const ModelSpec& model, const ChipSpec& chip, const GenerateRequest& request);

}  // namespace anesim
