#include "sweep/sweep_spec.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "models/layout_strategy.hpp"
#include "models/run_sizes.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_node.hpp"
#include "core/config_paths.hpp"
#include "chip/power_state.hpp"
#include "sim/run_choices.hpp"
#include "core/choice_list.hpp"

namespace anesim {

namespace {

// An optional axis. An absent key is still declared (string_or marks it read), so a misspelt
// `weight:` gets "did you mean 'weights'" even when `weights` itself is not in the file.
std::vector<std::string> axis_or(ConfigNode& node, const std::string& key, std::vector<std::string> fallback) {
  if (!node.has(key)) {
    (void)node.string_or(key, "");
    return fallback;
  }
  return node.strings(key);
}

std::vector<std::int64_t> integers(const ConfigNode& node, const std::string& key, const std::vector<std::string>& items,
                                   std::int64_t min, std::int64_t max) {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& item = items[i];
    std::int64_t x = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), x);
    if (ec != std::errc{} || end != item.data() + item.size()) {
      node.fail(key, i, "expected whole numbers, found '" + item + "'", "write `[1, 2, 4]`");
    }
    if (x < min || x > max) {
      node.fail(key, i, fmt::format("value {} is out of range", x), fmt::format("use values in [{}, {}]", min, max));
    }
    out.push_back(x);
  }
  return out;
}

void check_members(const ConfigNode& node, const std::string& key, const std::vector<std::string>& items,
                   const std::vector<std::string>& valid) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& item = items[i];
    if (std::find(valid.begin(), valid.end(), item) == valid.end()) {
      node.fail(key, i, "unknown value '" + item + "'", valid_values_hint(item, valid));
    }
  }
}

template <typename T>
void check_unique(const ConfigNode& node, const std::string& key, const std::vector<T>& items) {
  std::set<T> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i]).second) node.fail(key, i, fmt::format("'{}' is listed twice", items[i]), "list each value once");
  }
}

// A name that resolves to no file is the sweep's error (its line); a file that exists but is
// malformed reports its own file:line from its loader.
// A relative path is the sweep file's: `models: [mine.yaml]` names the file beside the sweep,
// wherever anesim is run from. Text with no file behind it (a notebook's) keeps the current folder.
std::string resolved(const ConfigNode& node, const std::string& key, std::size_t index, const std::string& name,
                     const std::string& config_dir, const std::string& kind) {
  namespace fs = std::filesystem;
  std::string path = name;
  std::error_code ec;
  if (looks_like_path(name) && fs::path(name).is_relative() && fs::is_regular_file(node.file(), ec)) {
    path = (fs::path(node.file()).parent_path() / name).lexically_normal().string();
  }
  try {
    return resolve_config(path, config_dir, kind);
  } catch (const Error& e) {
    node.fail(key, index, e.message(),
              path == name ? e.hint() : e.hint() + " (a relative path in a sweep file is taken from the sweep file's folder)");
  }
}

// The axes as the file writes them, before their values are checked: chips and models are names
// until every name resolves, the integer axes text until parsed with their key's line.
struct WrittenAxes {
  std::vector<std::string> chips, models, seqs, batches, kv_lens;
  std::string unsupported;
  bool kv_len_given = false;
};

// Every key is read (and declared) before finish() judges the keys.
WrittenAxes read_axes(ConfigNode& root, SweepSpec& spec) {
  WrittenAxes axes;
  spec.source_file = root.file();
  spec.name = root.string("name");
  spec.description = root.string("description");
  axes.chips = root.strings("chips");
  axes.models = root.strings("models");
  spec.layouts = root.strings("layouts");
  axes.seqs = root.strings("seq");
  axes.batches = root.strings("batch");
  spec.weights = axis_or(root, "weights", spec.weights);
  spec.phases = axis_or(root, "phase", spec.phases);
  axes.kv_len_given = root.has("kv_len");
  axes.kv_lens = axis_or(root, "kv_len", {std::to_string(k_default_kv_len)});
  spec.power_states = axis_or(root, "power_state", spec.power_states);
  axes.unsupported = root.string_or("unsupported", std::string(unsupported_ops_name(spec.unsupported)));
  if (root.has("dims")) {
    ConfigNode dims = root.child("dims");
    for (const std::string& name : dims.keys()) spec.dims[name] = dims.integer(name, 1, k_max_dim);
  } else {
    (void)root.string_or("dims", "");  // declared, so a misspelt `dim:` gets "did you mean 'dims'"
  }
  return axes;
}

void check_axis_values(const ConfigNode& root, const WrittenAxes& axes, SweepSpec& spec) {
  if (spec.name.empty() || spec.name.find_first_of("/\\ ") != std::string::npos) {
    root.fail("name", "'" + spec.name + "' cannot name an output folder", "use letters, digits, '-' and '_'");
  }
  for (std::size_t i = 0; i < spec.layouts.size(); ++i) {
    if (!spec.layouts[i].starts_with("baseline+")) continue;
    try {
      (void)layout_principles(spec.layouts[i]);  // says why a combination of switches is invalid
    } catch (const Error& e) {
      root.fail("layouts", i, e.message(), e.hint());
    }
  }
  check_members(root, "layouts", spec.layouts, layout_choices());  // other names: the nearest valid one
  check_members(root, "weights", spec.weights, weight_precision_names());
  check_members(root, "phase", spec.phases, phase_names());
  if (const auto names = unsupported_ops_names(); std::find(names.begin(), names.end(), axes.unsupported) == names.end()) {
    root.fail("unsupported", "unknown value '" + axes.unsupported + "'", valid_values_hint(axes.unsupported, names));
  }
  spec.unsupported = unsupported_ops_of(axes.unsupported);
  spec.seqs = integers(root, "seq", axes.seqs, 1, std::int64_t{1} << 20);
  spec.batches = integers(root, "batch", axes.batches, 1, k_max_batch);
  spec.kv_lens = integers(root, "kv_len", axes.kv_lens, 1, std::int64_t{1} << 24);
  check_unique(root, "chips", axes.chips);
  check_unique(root, "models", axes.models);
  check_unique(root, "layouts", spec.layouts);
  check_unique(root, "weights", spec.weights);
  check_unique(root, "phase", spec.phases);
  check_unique(root, "seq", spec.seqs);
  check_unique(root, "batch", spec.batches);
  check_unique(root, "kv_len", spec.kv_lens);
  check_unique(root, "power_state", spec.power_states);
}

// Every name is resolved before the first chip is loaded, so a typo is reported first.
void load_chips_and_models(const ConfigNode& root, const WrittenAxes& axes, const std::string& config_dir, SweepSpec& spec) {
  std::vector<std::string> chip_files;
  for (std::size_t i = 0; i < axes.chips.size(); ++i) {
    if (axes.chips[i] != "all") chip_files.push_back(resolved(root, "chips", i, axes.chips[i], config_dir, "chips"));
  }
  std::vector<std::string> model_files;
  for (std::size_t i = 0; i < axes.models.size(); ++i) {
    model_files.push_back(resolved(root, "models", i, axes.models[i], config_dir, "models"));
  }
  for (std::size_t i = 0, file = 0; i < axes.chips.size(); ++i) {
    if (axes.chips[i] == "all") {
      for (auto& chip : load_all_chips(config_dir)) spec.chips.push_back(std::move(chip));
    } else {
      spec.chips.push_back(load_chip_file(chip_files[file++]));
    }
  }
  std::set<std::string> chip_names;
  for (const auto& chip : spec.chips) {
    if (!chip_names.insert(chip.name).second) root.fail("chips", "chip '" + chip.name + "' is listed twice", "list each chip once");
  }
  for (const auto& file : model_files) spec.models.push_back(load_model_file(file));
}

void check_power_states(const ConfigNode& root, const SweepSpec& spec) {
  for (const auto& chip : spec.chips) {
    const auto states = power_state_names(chip);
    for (std::size_t i = 0; i < spec.power_states.size(); ++i) {
      if (std::find(states.begin(), states.end(), spec.power_states[i]) == states.end()) {
        root.fail("power_state", i, "chip " + chip.name + " has no power state '" + spec.power_states[i] + "'",
                  "its states: " + choice_list(states));
      }
    }
  }
}

// What the builder would reject at run time, rejected here with the sweep's line.
void check_phases(const ConfigNode& root, bool kv_len_given, SweepSpec& spec) {
  const bool decode = std::any_of(spec.phases.begin(), spec.phases.end(), [](const std::string& p) { return is_decode(p); });
  const bool prefill = std::any_of(spec.phases.begin(), spec.phases.end(), [](const std::string& p) { return !is_decode(p); });
  if (kv_len_given && !decode) {  // prefill points carry no cache: the axis would be ignored
    root.fail("kv_len", "only decode points have a KV cache, and `phase` has no decode: the axis would be ignored",
              "add decode to `phase`, or leave kv_len out");
  }
  if (!kv_len_given && decode) {  // the default is valid for every model of the sweep (gpt2: 1023)
    std::int64_t kv_len = k_default_kv_len;
    for (const auto& model : spec.models) {
      if (model.is_decoder()) kv_len = std::min(kv_len, default_kv_len(model));
    }
    spec.kv_lens = {kv_len};
  }
  for (const auto& model : spec.models) {
    if (decode && !model.is_decoder()) {
      root.fail("phase", model.name + " is an encoder: it has no decode phase",
                "run decode sweeps over decoder models only, or use `phase: [prefill]`");
    }
    if (decode) {
      for (const auto kv : spec.kv_lens) {
        if (kv + 1 > model.position_limit()) {
          root.fail("kv_len", fmt::format("KV-cache length {} is out of range for {}", kv, model.name),
                    fmt::format("use values from 1 to {}", model.position_limit() - 1));
        }
      }
    }
    if (prefill && model.fixed_sequence() == 0) {
      for (const auto seq : spec.seqs) {
        if (seq > model.position_limit()) {
          // The limit, not max_positions: a rotary model's is larger, a sliding window's smaller.
          root.fail("seq", fmt::format("sequence length {} exceeds {}'s {} positions", seq, model.name, model.position_limit()),
                    fmt::format("use values up to {}", model.position_limit()));
        }
      }
    }
  }
}

// dims and unsupported bind an ONNX file's axes and operators: every model must be one.
void check_import_choices(const ConfigNode& root, const SweepSpec& spec) {
  for (const auto& model : spec.models) {
    if (spec.unsupported != UnsupportedOps::error && !model.onnx) {
      root.fail("unsupported", model.name + " is not an ONNX file: `unsupported` places an imported graph's unknown operators",
                "sweep ONNX models only, or leave `unsupported` out");
    }
    try {
      check_dim_bindings(model, spec.dims);
    } catch (const Error& e) {
      root.fail("dims", e.message(), e.hint());
    }
  }
}

}  // namespace

SweepSpec load_sweep_node(ConfigNode root, const std::string& config_dir) {
  SweepSpec spec;
  const WrittenAxes axes = read_axes(root, spec);
  // Keys first (unknown, then missing), then the values.
  root.finish();
  check_axis_values(root, axes, spec);
  load_chips_and_models(root, axes, config_dir, spec);
  check_power_states(root, spec);
  check_phases(root, axes.kv_len_given, spec);
  check_import_choices(root, spec);
  return spec;
}

SweepSpec load_sweep_file(const std::string& path, const std::string& config_dir) {
  return load_sweep_node(ConfigNode::load_file(path), config_dir);
}

SweepSpec load_sweep_text(const std::string& yaml_text, const std::string& source_name, const std::string& config_dir) {
  return load_sweep_node(ConfigNode::load_string(yaml_text, source_name), config_dir);
}

SweepSpec load_sweep(const std::string& name_or_path, const std::string& config_dir) {
  return load_sweep_file(resolve_config(name_or_path, config_dir, "sweeps"), config_dir);
}

}  // namespace anesim
