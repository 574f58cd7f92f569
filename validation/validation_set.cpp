#include "validation/validation_set.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "models/layout_strategy.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_node.hpp"
#include "core/config_paths.hpp"
#include "chip/power_state.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

// One of `valid`, or an error at the key naming the nearest.
std::string member(ConfigNode& node, const std::string& key, const std::string& value, const std::vector<std::string>& valid) {
  if (std::find(valid.begin(), valid.end(), value) == valid.end()) node.fail(key, "unknown value '" + value + "'", valid_values_hint(value, valid));
  return value;
}

// A chip or model name that resolves to no file is this file's error (its line); a file that
// exists but is malformed reports its own file:line from its loader. A relative path is the
// validation file's, as a sweep file's is: `model: ../onnx/resnet50.onnx` names the shipped
// import wherever anesim is run from.
std::string resolved(ConfigNode& node, const std::string& key, const std::string& name, const std::string& config_dir,
                     const std::string& kind) {
  namespace fs = std::filesystem;
  std::string path = name;
  std::error_code ec;
  if (looks_like_path(name) && fs::path(name).is_relative() && fs::is_regular_file(node.file(), ec)) {
    path = (fs::path(node.file()).parent_path() / name).lexically_normal().string();
  }
  try {
    return resolve_config(path, config_dir, kind);
  } catch (const Error& e) {
    node.fail(key, e.message(), path == name ? e.hint() : e.hint() + " (a relative path in a validation file is taken from its folder)");
  }
}

ValidationPoint read_point(ConfigNode& points, const std::string& name, const std::string& config_dir) {
  ConfigNode node = points.child(name);
  ValidationPoint p;
  p.name = name;
  p.where = points.where(name);
  const std::string model = node.string("model");
  const std::string chip = node.string("chip");
  p.request.layout = node.string("layout");
  p.request.seq = node.integer("seq", 1, std::int64_t{1} << 20);
  p.request.batch = node.integer("batch", 1, 4096);
  const std::string phase = node.string_or("phase", std::string(phase_name(Phase::prefill)));
  p.request.options.kv_len = node.integer_or("kv_len", p.request.options.kv_len, 1, std::int64_t{1} << 24);
  const std::string weights = node.string_or("weights", "");
  const std::string power_state = node.string_or("power_state", "high");
  const std::string kv_cache = node.string_or("kv_cache", "");
  // Exactly one measurement; with neither, the latency key's own error (and its did-you-mean).
  const bool has_memory = node.has("measured_peak_memory_bytes");
  if (has_memory && node.has("measured_latency_s")) {
    node.fail("measured_peak_memory_bytes", "a point measures one thing",
              "give exactly one of measured_latency_s (seconds) and measured_peak_memory_bytes (bytes)");
  }
  p.metric = has_memory ? PointMetric::peak_memory : PointMetric::latency;
  p.measured = node.positive(has_memory ? "measured_peak_memory_bytes" : "measured_latency_s");
  const std::string role = node.string("role");
  p.source = node.string("source");
  node.finish();

  if (p.request.layout.starts_with("baseline+")) {
    try {
      (void)layout_principles(p.request.layout);  // says why a combination of switches is invalid
    } catch (const Error& e) {
      node.fail("layout", e.message(), e.hint());
    }
  }
  member(node, "layout", p.request.layout, layout_choices());  // other names: the nearest valid one
  p.request.options.phase = phase_of(member(node, "phase", phase, phase_names()));
  if (!kv_cache.empty()) {
    p.kv_cache = parse_kv_cache(member(node, "kv_cache", kv_cache, kv_cache_names()));
    if (p.request.options.phase != Phase::decode) {
      node.fail("kv_cache", "a KV cache is held between decode steps", "use phase: decode, or leave kv_cache out");
    }
  }
  if (!weights.empty()) p.request.weights = parse_dtype(member(node, "weights", weights, weight_precision_names()));
  p.role = member(node, "role", role, {"calibration", "held_out"}) == "calibration" ? PointRole::calibration : PointRole::held_out;
  if (p.source.empty()) node.fail("source", "a measurement without a source", "say where it was published and how it was measured");
  p.chip = load_chip_file(resolved(node, "chip", chip, config_dir, "chips"));
  p.model = load_model_file(resolved(node, "model", model, config_dir, "models"));
  const std::vector<std::string> states = power_state_names(p.chip);
  if (power_state == "mean") {
    p.power_states = states;
  } else {
    std::vector<std::string> valid = states;
    valid.emplace_back("mean");
    p.power_states = {member(node, "power_state", power_state, valid)};
  }
  p.request.power_state = p.power_states.front();
  return p;
}

}  // namespace

const char* point_role_name(PointRole role) { return role == PointRole::calibration ? "calibration" : "held_out"; }
const char* point_metric_name(PointMetric metric) { return metric == PointMetric::latency ? "latency" : "peak_memory"; }
const char* point_metric_unit(PointMetric metric) { return metric == PointMetric::latency ? "s" : "bytes"; }

ValidationSet load_validation_file(const std::string& path, const std::string& config_dir) {
  ConfigNode root = ConfigNode::load_file(path);
  ValidationSet set;
  set.source_file = path;
  set.name = root.string("name");
  set.description = root.string("description");
  ConfigNode points = root.child("points");
  root.finish();
  // Point names are the file's own, not declared keys.
  const std::vector<std::string> names = points.keys();
  if (names.empty()) root.fail("points", "the set lists no point", "give at least one measurement under points:");
  for (const auto& name : names) set.points.push_back(read_point(points, name, config_dir));
  points.finish();
  return set;
}

ValidationSet load_validation(const std::string& name_or_path, const std::string& config_dir) {
  return load_validation_file(resolve_config(name_or_path, config_dir, "validation"), config_dir);
}

}  // namespace anesim
