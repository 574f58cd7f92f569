#pragma once
// The options that size one simulated inference, shared by `anesim run` and `anesim advise`: one
// set of flags, help texts and defaults, and one way to turn them into a RunRequest.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

// An option left unset is nullopt where its default depends on the model or the phase, or where
// a value given but unused must be refused rather than ignored.
struct RequestOptions {
  std::optional<std::int64_t> seq;  // RunRequest's default when unset
  std::int64_t batch = 1;
  std::string phase = std::string(phase_name(Phase::prefill));
  std::optional<std::int64_t> kv_len;  // default_kv_len(model) when unset
  std::string weights;                 // empty: the model file's
  std::string power_state = "high";
  DimBindings dims;  // --dim name=value, each name once
  std::string unsupported = std::string(unsupported_ops_name(UnsupportedOps::error));
};

// --seq, --batch, --phase, --kv-len, --dim and --unsupported (--weights and --power-state sit where each command's help
// places them, bound to the same fields).
void add_size_options(CLI::App& cmd, const std::shared_ptr<RequestOptions>& options);

// One `--dim NAME=VALUE` into `dims`; throws anesim::Error (exit 1) on text without '=' or a name,
// a value that is not a whole number in [1, k_max_dim], or a name given twice.
void add_dim_binding(DimBindings& dims, const std::string& text);

// --layout's check: a layout of models/layouts.def, a valid combination of the principles'
// switches (models/layout_principles.hpp), or one of `extra` ("both"); else the reason and every
// valid name.
[[nodiscard]] CLI::Validator layout_validator(std::vector<std::string> extra);

// The request for `model`: sizes checked against the phase (a size given but unused is an error),
// defaults filled in; the caller sets the layout and its own options.
[[nodiscard]] RunRequest base_request(const RequestOptions& o, const ModelSpec& model);

}  // namespace anesim
