#include "generation/generate.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "chip/power_state.hpp"
#include "core/error.hpp"
#include "generation/chunks.hpp"
#include "generation/step_curve.hpp"
#include "sim/app_boundary.hpp"
#include "sim/device_fit.hpp"

namespace anesim {

namespace {

// FNV-1a over what may make a step's cost jump (generation/step_curve.hpp): where each op runs,
// on how many cores, and which of its reads L2 serves; the hand-overs. Not the regimes: an op's
// time is the largest of three linear times, continuous where the largest changes.
struct SignatureHash {
  std::uint64_t h = 1469598103934665603ULL;
  void add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ULL;
    }
  }
};

std::uint64_t signature(const RunResult& r) {
  SignatureHash s;
  s.add(r.ops.size());
  s.add(static_cast<std::uint64_t>(r.totals.handovers));
  for (const OpRecord& op : r.ops) {
    s.add(static_cast<std::uint64_t>(op.engine));
    s.add(static_cast<std::uint64_t>(op.cores_used));
    s.add(static_cast<std::uint64_t>(op.l2_hits));
    s.add(static_cast<std::uint64_t>(op.l2_misses));
  }
  return s.h;
}

struct Plan {
  const ModelSpec& model;
  const ChipSpec& file_chip;  // one weight window
  ChipSpec chip;        // chunked, in the file's power state (simulate() applies the request's)
  ChipSpec state_chip;  // in the request's power state, for the boundary's energy
  GenerateRequest request;
  std::int64_t context = 0;
};

StepSample simulate_step(const Plan& p, std::int64_t kv_len) {
  RunRequest r = p.request.run;
  r.options.phase = Phase::decode;
  r.options.kv_len = kv_len;
  r.keep_ops = true;  // the signature reads the op records
  const Graph graph = build_graph(p.model, r);
  const RunResult result = run_graph(graph, p.model, p.chip, r);
  StepSample s;
  s.cost.latency_s = result.totals.latency_s;
  s.cost.energy_j = result.totals.energy_j;
  s.cost.peak_memory_bytes = result.totals.peak_memory_bytes;
  s.cost.regime = result.totals.regime;
  s.cost.run_io = model_io_traffic(graph);
  s.cost.cache_io = cache_traffic(graph, p.request.kv_cache);
  s.signature = signature(result);
  return s;
}

TokenStep token_step(const Plan& p, std::int64_t token, std::int64_t kv_len, const StepCost& cost, std::int64_t tokens) {
  const ChunkCost chunks = chunk_cost(p.chip, p.request.chunks, p.request.run.batch, tokens, p.model.hidden_size);
  // The run counted its own model I/O; the cache's copies and the chunks' hidden states are the deployment's.
  BoundaryTraffic added = cost.cache_io;
  added += chunks.io;
  BoundaryTraffic io = cost.run_io;
  io += added;
  TokenStep t;
  t.token = token;
  t.kv_len = kv_len;
  t.engine_s = cost.latency_s - boundary_seconds(cost.run_io, p.state_chip);
  t.io_s = boundary_seconds(io, p.state_chip);
  t.chunk_s = chunks.seconds;
  t.latency_s = t.engine_s + t.io_s + t.chunk_s;
  t.energy_j = cost.energy_j + boundary_energy_j(added, p.state_chip) +
               (p.state_chip.has_energy ? p.state_chip.current_power_state().static_w * t.chunk_s : 0.0);
  t.io_bytes = io.moved_bytes();
  t.regime = cost.regime;
  return t;
}

Plan make_plan(const ModelSpec& model, const ChipSpec& chip, const GenerateRequest& request) {
  if (!model.is_decoder()) {
    throw Error(model.name + " is an encoder: it generates no tokens", "use a decoder model (gpt2, llama-3.2-1b, qwen2.5-0.5b, ...)");
  }
  if (request.prompt < 1) throw Error(fmt::format("prompt of {} tokens", request.prompt), "use a prompt of 1 token or more");
  if (request.new_tokens < 1) throw Error(fmt::format("{} new tokens", request.new_tokens), "ask for 1 new token or more");
  if (request.chunks < 1 || request.chunks > model.layers) {
    throw Error(fmt::format("{} chunks for {}'s {} layers", request.chunks, model.name, model.layers),
                fmt::format("use chunks 1 to {}", model.layers));
  }
  const std::int64_t limit = model.position_limit();
  if (request.prompt > limit || request.new_tokens > limit - request.prompt + 1) {
    throw Error(fmt::format("a prompt of {} and {} new tokens need {} positions; {} has {}", request.prompt, request.new_tokens,
                            request.prompt + request.new_tokens - 1, model.name, limit),
                fmt::format("keep prompt + new tokens - 1 within {}", limit));
  }
  Plan p{model, chip, chunked_chip(chip, request.chunks), {}, request, 0};
  p.state_chip = apply_power_state(p.chip, request.run.power_state);
  if (request.kv_cache == KvCache::fixed) {
    const std::int64_t needed = request.prompt + request.new_tokens - 1;  // the last step's rows
    p.context = request.context.value_or(std::min(request.prompt + request.new_tokens, limit));
    if (p.context < needed || p.context > limit) {
      throw Error(fmt::format("a fixed cache of {} rows for a prompt of {} and {} new tokens", p.context, request.prompt,
                              request.new_tokens),
                  fmt::format("use a context of {} to {} rows", needed, limit));
    }
  } else if (request.context) {
    throw Error("a context is the size of a fixed cache", "use --kv-cache fixed with --context, or leave --context out");
  }
  return p;
}

// The cache rows a decode step at `kv_len` attends over, as the graph's kv_len.
std::int64_t attended(const Plan& p, std::int64_t kv_len) { return p.request.kv_cache == KvCache::fixed ? p.context - 1 : kv_len; }

RunResult run_prefill(const Plan& p, StepCost& cost) {
  RunRequest r = p.request.run;
  r.options.phase = Phase::prefill;
  r.seq = p.request.prompt;
  r.keep_ops = false;
  const Graph graph = build_graph(p.model, r);
  RunResult result = run_graph(graph, p.model, p.chip, r);
  cost = {result.totals.latency_s, result.totals.energy_j, result.totals.peak_memory_bytes, result.totals.regime,
          model_io_traffic(graph), cache_traffic(graph, p.request.kv_cache)};
  return result;
}

std::int64_t app_bytes(const StepCost& cost) { return cost.run_io.app_bytes + cost.cache_io.app_bytes; }

// `prefill_app_bytes`, `step_bytes`: the app arrays of the prefill; the last step's peak and app arrays.
void summarize(GenerationResult& g, const Plan& p, std::int64_t prefill_app_bytes, std::int64_t step_bytes) {
  GenerationSummary& s = g.summary;
  const auto batch = static_cast<double>(p.request.run.batch);
  s.ttft_s = g.tokens.front().latency_s;
  for (const TokenStep& t : g.tokens) {
    s.total_s += t.latency_s;
    s.energy_j += t.energy_j;
    s.io_s += t.io_s;
    if (t.token > 1) ++s.regime_tokens[static_cast<std::size_t>(t.regime)];
  }
  s.decode_s = s.total_s - s.ttft_s;
  const auto steps = static_cast<double>(p.request.new_tokens - 1);
  s.decode_tokens_per_s = steps > 0 ? batch * steps / s.decode_s : 0;
  s.tokens_per_s = batch * static_cast<double>(p.request.new_tokens) / s.total_s;
  s.energy_per_token_j = s.energy_j / (batch * static_cast<double>(p.request.new_tokens));
  s.peak_memory_bytes = std::max(g.prefill.totals.peak_memory_bytes + prefill_app_bytes, step_bytes);
  s.chunks_needed = chunks_needed(g.prefill.totals.weight_bytes, p.file_chip);
  // The device fit for the whole reply: its peak (the cache at its longest, the app's arrays), the
  // prefill's weights, in the chunks' windows.
  RunResult reply;
  reply.totals = g.prefill.totals;
  reply.totals.peak_memory_bytes = s.peak_memory_bytes;
  label_device_fit(reply, p.chip);
  s.fits = reply.fits;
  s.fit_reason = reply.fit_reason;
  if (s.chunks_needed > p.request.chunks) {
    s.fits = false;
    s.fit_reason += fmt::format("{}the weights need {} chunks of the ANE's window: use --chunks {}", s.fit_reason.empty() ? "" : "; ",
                                s.chunks_needed, s.chunks_needed);
  }
}

}  // namespace

GenerationResult generate(const ModelSpec& model, const ChipSpec& chip, const GenerateRequest& request) {
  const Plan p = make_plan(model, chip, request);
  GenerationResult g;
  StepCost prefill_cost;
  g.prefill = run_prefill(p, prefill_cost);
  g.model = g.prefill.model;
  g.chip = chip.name;
  g.layout = g.prefill.layout;
  g.weights = g.prefill.weights;
  g.power_state = g.prefill.power_state;
  g.batch = request.run.batch;
  g.prompt = request.prompt;
  g.new_tokens = request.new_tokens;
  g.context = p.context;
  g.chunks = request.chunks;
  g.kv_cache = request.kv_cache;
  g.tokens.push_back(token_step(p, 1, 0, prefill_cost, request.prompt));
  g.tokens.front().simulated = true;
  if (request.new_tokens == 1) {
    summarize(g, p, app_bytes(prefill_cost), 0);
    return g;
  }
  const std::int64_t first = attended(p, request.prompt), last = attended(p, request.prompt + request.new_tokens - 2);
  const std::int64_t block = request.every_step ? 1 : std::max<std::int64_t>(1, p.chip.last_axis_alignment_bytes / 2);
  const StepCurve curve([&p](std::int64_t kv_len) { return simulate_step(p, kv_len); }, first, last, block);
  for (std::int64_t t = 2; t <= request.new_tokens; ++t) {
    const std::int64_t kv_len = attended(p, request.prompt + t - 2);
    g.tokens.push_back(token_step(p, t, kv_len, curve.at(kv_len), 1));
    g.tokens.back().simulated = curve.simulated(kv_len);
  }
  g.summary.simulations = static_cast<std::int64_t>(curve.simulations());
  const StepCost end = curve.at(last);
  summarize(g, p, app_bytes(prefill_cost), end.peak_memory_bytes + app_bytes(end));
  return g;
}

}  // namespace anesim
