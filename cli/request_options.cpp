#include "cli/request_options.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/whole_number_option.hpp"
#include "core/error.hpp"
#include "ir/dtype.hpp"
#include "models/layout_principles.hpp"
#include "models/run_sizes.hpp"

namespace anesim {

void add_size_options(CLI::App& cmd, const std::shared_ptr<RequestOptions>& options) {
  add_whole_number_option(cmd, "--seq", [options](std::int64_t v) { options->seq = v; },
                          "Prefill: sequence length in tokens (ViT and Whisper fix their own; not with --phase decode)",
                          {.fix = "use seq 1 or more, up to the model's max_positions"})
      ->default_str(std::to_string(RunRequest{}.seq));
  add_whole_number_option(cmd, "--batch", [options](std::int64_t v) { options->batch = v; },
                          fmt::format("Batch size, 1 to {}", k_max_batch), {.fix = fmt::format("use batch 1 to {}", k_max_batch)})
      ->default_str(std::to_string(options->batch));
  cmd.add_option("--phase", options->phase, "Decoders: prefill (the whole prompt) or decode (one token)")
      ->check(CLI::IsMember(phase_names()))
      ->capture_default_str();
  add_whole_number_option(cmd, "--kv-len", [options](std::int64_t v) { options->kv_len = v; },
                          fmt::format("With --phase decode only: tokens already in the KV cache (default: {}, or the "
                                      "model's max_positions - 1 if smaller, e.g. 1023 for gpt2)",
                                      k_default_kv_len),
                          {.fix = "use kv_len 1 or more, below the model's max_positions"});
}

RunRequest base_request(const RequestOptions& o, const ModelSpec& model) {
  const Phase phase = phase_of(o.phase);
  check_given_sizes(model, phase, {o.seq, o.kv_len});
  RunRequest request;
  request.batch = o.batch;
  request.seq = o.seq.value_or(request.seq);
  if (!o.weights.empty()) request.weights = parse_dtype(o.weights);
  request.options.phase = phase;
  request.options.kv_len = o.kv_len.value_or(default_kv_len(model));
  request.power_state = o.power_state;
  return request;
}

CLI::Validator layout_validator(std::vector<std::string> extra) {
  return CLI::Validator(
      [extra = std::move(extra)](std::string& name) -> std::string {
        if (std::find(extra.begin(), extra.end(), name) != extra.end()) return "";
        try {
          (void)layout_principles(name);
          return "";
        } catch (const Error& e) {
          std::string also;
          for (const auto& x : extra) also += ", " + x;
          return e.message() + "; " + e.hint() + also;
        }
      },
      "LAYOUT");
}

}  // namespace anesim
