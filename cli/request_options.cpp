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
  cmd.add_option_function<std::vector<std::string>>(
         "--dim", [options](const std::vector<std::string>& texts) { for (const auto& t : texts) add_dim_binding(options->dims, t); },
         "An ONNX model's symbolic axis (dim_param) bound by name, e.g. --dim width=224; repeatable. It wins over the "
         "name rule that binds batch and seq axes to --batch and --seq (docs/onnx-import.md)")
      ->type_name("NAME=INT")
      ->allow_extra_args(false);
  cmd.add_option("--unsupported", options->unsupported,
                 "An ONNX operator anesim cannot cost: error (name it and stop) or cpu (run it on the CPU, costed by the "
                 "bytes it reads and writes; reported by ONNX type)")
      ->check(CLI::IsMember(unsupported_ops_names()))
      ->capture_default_str();
}

void add_dim_binding(DimBindings& dims, const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error(fmt::format("--dim '{}' is not NAME=VALUE", text), "write the axis's dim_param and its size, e.g. --dim width=224");
  }
  const std::string name = text.substr(0, eq);
  const std::int64_t value = parse_whole_number("--dim " + name, text.substr(eq + 1),
                                                {.min = 1, .max = k_max_dim, .fix = fmt::format("bind {} to 1 to {}", name, k_max_dim)});
  if (!dims.emplace(name, value).second) throw Error(fmt::format("--dim {} is given twice", name), "bind each axis once");
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
  request.dims = o.dims;
  request.options.unsupported = unsupported_ops_of(o.unsupported);
  check_dim_bindings(model, request.dims);
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
