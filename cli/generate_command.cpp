// `anesim generate`: one reply of a decoder, the prompt's prefill and a decode step per new token
// (generation/generate.hpp), printed as a summary and per-token latency against position.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "chip/chip_loader.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/text_table.hpp"
#include "cli/whole_number_option.hpp"
#include "core/config_paths.hpp"
#include "generation/generate.hpp"
#include "ir/dtype.hpp"
#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "reports/generation_json.hpp"
#include "reports/html_generation.hpp"
#include "reports/units.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

struct GenerateOptions {
  std::string model = "llama-3.2-1b";
  std::string chip = "M4";
  std::string layout = "ane";
  std::int64_t prompt = GenerateRequest{}.prompt;
  std::int64_t new_tokens = GenerateRequest{}.new_tokens;
  std::int64_t batch = 1;
  std::string kv_cache = std::string(kv_cache_name(KvCache::state));
  std::optional<std::int64_t> context;
  std::int64_t chunks = 1;
  std::string weights;
  std::string power_state = "high";
  bool json = false;
  bool every_token = false;
  bool every_step = false;
  std::string html;  // a page with the per-token chart, when given
};

std::string joules(double j) {
  if (j < 1e-3) return fmt::format("{:.3g} uJ", j * 1e6);
  if (j < 1) return fmt::format("{:.3g} mJ", j * 1e3);
  return fmt::format("{:.3g} J", j);
}

void print_summary(std::ostream& out, const GenerationResult& g) {
  const GenerationSummary& s = g.summary;
  out << fmt::format("{} on {} ({} layout, {} weights, {} power), batch {}: a {}-token prompt and {} new token{}, KV cache {}{}{}\n",
                     g.model, g.chip, g.layout, g.weights, g.power_state, g.batch, g.prompt, g.new_tokens, g.new_tokens == 1 ? "" : "s",
                     kv_cache_name(g.kv_cache), g.kv_cache == KvCache::fixed ? fmt::format(" of {} rows", g.context) : "",
                     g.chunks > 1 ? fmt::format(", {} chunks", g.chunks) : "");
  TextTable t({"", "value"});
  t.row({"time to first token (prefill)", format_seconds(s.ttft_s)});
  t.row({"decode, tokens 2 on", format_seconds(s.decode_s)});
  t.row({"total", format_seconds(s.total_s)});
  t.row({"decode tokens/s", fmt::format("{:.1f}", s.decode_tokens_per_s)});
  t.row({"tokens/s, prefill included", fmt::format("{:.1f}", s.tokens_per_s)});
  t.row({"energy per token", joules(s.energy_per_token_j)});
  t.row({"app-boundary copies", fmt::format("{} ({:.1f}% of total)", format_seconds(s.io_s), 100 * s.io_s / s.total_s)});
  t.row({"peak memory", format_bytes(static_cast<double>(s.peak_memory_bytes))});
  t.row({"decode steps compute/bandwidth/overhead-bound",
         fmt::format("{} / {} / {}", s.regime_tokens[0], s.regime_tokens[1], s.regime_tokens[2])});
  t.row({"cache lengths simulated", fmt::format("{} of {}", s.simulations, g.new_tokens - 1)});
  t.row({"fits on device", s.fits ? "yes" : "no: " + s.fit_reason});
  t.print(out);
}

// The first two tokens, eight evenly spaced positions and the last; every token with --every-token.
void print_tokens(std::ostream& out, const GenerationResult& g, bool every) {
  TextTable t({"token", "kv_len", "latency", "engine", "app copies", "energy", "regime"});
  const auto n = static_cast<std::int64_t>(g.tokens.size());
  const std::int64_t stride = std::max<std::int64_t>(1, n / 8);
  for (std::int64_t i = 0; i < n; ++i) {
    if (!every && i > 1 && i + 1 < n && i % stride != 0) continue;
    const TokenStep& s = g.tokens[static_cast<std::size_t>(i)];
    t.row({std::to_string(s.token), s.token == 1 ? "prefill" : std::to_string(s.kv_len), format_seconds(s.latency_s),
           format_seconds(s.engine_s), format_seconds(s.io_s), joules(s.energy_j), std::string(regime_name(s.regime))});
  }
  out << "\n";
  t.print(out);
}

void generate_reply(const GenerateOptions& o) {
  const std::string dir = default_config_dir();
  const ChipSpec chip = load_chip(o.chip, dir);
  const ModelSpec model = load_model(o.model, dir);
  GenerateRequest request;
  request.run.layout = o.layout;
  request.run.batch = o.batch;
  if (!o.weights.empty()) request.run.weights = parse_dtype(o.weights);
  request.run.power_state = o.power_state;
  request.prompt = o.prompt;
  request.new_tokens = o.new_tokens;
  request.kv_cache = parse_kv_cache(o.kv_cache);
  request.context = o.context;
  request.chunks = o.chunks;
  request.every_step = o.every_step;
  const GenerationResult g = generate(model, chip, request);
  if (!o.html.empty()) write_output_file(o.html, [&](std::ostream& out) { write_generation_html(out, g); });
  if (o.json) {
    write_generation_json(std::cout, g);
    return;
  }
  print_summary(std::cout, g);
  print_tokens(std::cout, g, o.every_token);
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto o = std::make_shared<GenerateOptions>();
  auto* cmd = app.add_subcommand("generate", "Simulate one reply of a decoder: the prompt's prefill, then a decode step per new token");
  cmd->add_option("--model", o->model, "Shipped decoder name or path to a model file")->capture_default_str();
  cmd->add_option("--chip", o->chip, "Shipped chip name (see `anesim chips`) or path to a chip YAML")->capture_default_str();
  cmd->add_option("--layout", o->layout, "Layout the model is built in")->check(CLI::IsMember(layout_names()))->capture_default_str();
  add_whole_number_option(*cmd, "--prompt", [o](std::int64_t v) { o->prompt = v; }, "Prompt tokens (the prefill)",
                          {.fix = "use a prompt of 1 token or more"})
      ->default_str(std::to_string(o->prompt));
  add_whole_number_option(*cmd, "--new-tokens", [o](std::int64_t v) { o->new_tokens = v; },
                          "Tokens generated: the first from the prefill, each other from a decode step",
                          {.fix = "ask for 1 new token or more"})
      ->default_str(std::to_string(o->new_tokens));
  add_whole_number_option(*cmd, "--batch", [o](std::int64_t v) { o->batch = v; }, fmt::format("Sequences generated at once, 1 to {}", k_max_batch),
                          {.fix = fmt::format("use batch 1 to {}", k_max_batch)})
      ->default_str("1");
  cmd->add_option("--kv-cache", o->kv_cache,
                  "How the KV cache is held: state (Core ML stateful model, updated in place), io (a model input and "
                  "output copied every token), fixed (a fixed-size cache attended in full every step)")
      ->check(CLI::IsMember(kv_cache_names()))
      ->capture_default_str();
  add_whole_number_option(*cmd, "--context", [o](std::int64_t v) { o->context = v; },
                          "With --kv-cache fixed only: the cache's rows (default: prompt + new tokens)",
                          {.fix = "use a context of at least prompt + new tokens - 1"});
  add_whole_number_option(*cmd, "--chunks", [o](std::int64_t v) { o->chunks = v; },
                          "The model split into N chunks, each with its own weight window (a launch and I/O per chunk per token)",
                          {.fix = "use chunks 1 or more, up to the model's layers"})
      ->default_str("1");
  cmd->add_option("--weights", o->weights, "Weight precision (default: the model file's, fp16)")->check(CLI::IsMember(weight_precision_names()));
  cmd->add_option("--power-state", o->power_state, "The engine's operating point, one of the chip file's power_states")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the summary and every token as JSON");
  cmd->add_flag("--every-token", o->every_token, "List every token, not a sample of positions");
  cmd->add_flag("--every-step", o->every_step,
                "Simulate every decode step, not only where the step's cost can jump (exact; about 16x the simulations)");
  cmd->add_option("--html", o->html, "Also write a page with the summary and the per-token chart to FILE")->type_name("FILE");
  cmd->footer(
      "Examples:\n"
      "  anesim generate --model llama-3.2-1b --chip M4 --prompt 512 --new-tokens 256\n"
      "  anesim generate --model qwen2.5-0.5b --chip A17Pro --kv-cache io --json\n"
      "  anesim generate --model llama-3.2-1b --chip M4 --kv-cache fixed --context 1024 --html reply.html\n"
      "  anesim generate --model llama-2-7b --chip M4 --weights int4 --chunks 2");
  cmd->callback([o] { generate_reply(*o); });
}

}  // namespace anesim
