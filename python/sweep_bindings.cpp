#include "python/sweep_bindings.hpp"

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "python/result_bindings.hpp"
#include "core/config_node.hpp"
#include "core/error.hpp"
#include "sim/timing/regime.hpp"
#include "sim/result_fields.hpp"
#include "sim/run_result.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"

namespace py = pybind11;
using namespace anesim;

namespace {

// ---- A dict in the sweep file's schema, as the tree the file would have parsed to. -----------------
// Values built here carry no line, so the loader's errors name `source` alone ("<dict>").
ConfigValue scalar_value(std::string text) {
  ConfigValue v = ConfigValue::of(ConfigValue::Kind::scalar);
  v.text = std::move(text);
  return v;
}

ConfigValue to_tree(const py::handle& value, const std::string& key, const std::string& source) {
  if (value.is_none()) return ConfigValue::of(ConfigValue::Kind::null);
  // bool before int: Python's True is an int too.
  if (py::isinstance<py::bool_>(value)) return scalar_value(value.cast<bool>() ? "true" : "false");
  if (py::isinstance<py::int_>(value)) return scalar_value(fmt::format("{}", value.cast<std::int64_t>()));
  if (py::isinstance<py::float_>(value)) return scalar_value(fmt::format("{}", value.cast<double>()));
  if (py::isinstance<py::str>(value)) return scalar_value(value.cast<std::string>());
  if (py::isinstance<py::dict>(value)) {
    ConfigValue map = ConfigValue::of(ConfigValue::Kind::mapping);
    for (const auto& [k, v] : value.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k)) {
        throw Error(fmt::format("key {} is not a string", py::repr(k).cast<std::string>()),
                    "write keys as strings, as in a sweep YAML", {source, 0, 0});
      }
      const std::string name = k.cast<std::string>();
      map.entries.push_back({scalar_value(name), to_tree(v, key.empty() ? name : fmt::format("{}.{}", key, name), source)});
    }
    return map;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    ConfigValue seq = ConfigValue::of(ConfigValue::Kind::sequence);
    for (const auto& item : value) seq.items.push_back(to_tree(item, key, source));
    return seq;
  }
  throw Error(fmt::format("{}: cannot take a {} value", key.empty() ? "the sweep" : key,
                          py::str(py::type::of(value).attr("__name__")).cast<std::string>()),
              "use strings, whole numbers and lists of them, as in a sweep YAML", {source, 0, 0});
}

SweepSpec load_sweep_dict(const py::dict& dict, const std::string& config_dir, const std::string& source) {
  return load_sweep_node(ConfigNode(to_tree(dict, "", source), source, ""), config_dir);
}

// ---- Columns for pandas: numpy arrays for numbers, lists for strings. -----------------------------
// Every count and byte size becomes int64, every other number float64, whatever its C++ width.
template <class Get>
py::object numeric_column(const std::vector<RunResult>& runs, Get get) {
  using T = std::decay_t<decltype(get(std::declval<const RunResult&>()))>;
  using Out = std::conditional_t<std::is_integral_v<T>, std::int64_t, double>;
  py::array_t<Out> column(static_cast<py::ssize_t>(runs.size()));
  Out* out = column.mutable_data();
  for (std::size_t i = 0; i < runs.size(); ++i) out[i] = static_cast<Out>(get(runs[i]));
  return py::object(std::move(column));
}

template <class Get>
py::object string_column(const std::vector<RunResult>& runs, Get get) {
  py::list column;
  for (const auto& r : runs) column.append(std::string(get(r)));
  return py::object(std::move(column));
}

// One column per declared label and total (sim/result_fields.def); anesim/_sweeps.py puts them
// in SWEEP_COLUMNS order.
template <class Get>
py::object column(const std::vector<RunResult>& runs, Get get) {
  using T = std::decay_t<decltype(get(std::declval<const RunResult&>()))>;
  if constexpr (std::is_arithmetic_v<T>) {
    return numeric_column(runs, get);
  } else {
    return string_column(runs, [get](const RunResult& r) { return field_text(get(r)); });
  }
}

py::dict sweep_columns(const std::vector<RunResult>& runs) {
  py::dict cols;
  for_each_label([&](const ResultField& field, auto member) {
    cols[py::str(std::string(field.name))] = column(runs, [member](const RunResult& r) { return r.*member; });
  });
  for_each_total([&](const ResultField& field, auto member) {
    cols[py::str(std::string(field.name))] = column(runs, [member](const RunResult& r) { return r.totals.*member; });
  });
  return cols;
}

// The points a sweep will run, in its order: the labels a result row will carry.
py::dict plan_columns(const SweepSpec& spec) {
  py::list chip, power_state, model, layout, weights, phase, kv_len, seq, batch;
  for (const SweepPoint& p : sweep_points(spec)) {
    chip.append(spec.chips[p.chip].name);
    power_state.append(p.power_state);
    model.append(spec.models[p.model].name);
    layout.append(p.layout);
    weights.append(p.weights);
    phase.append(p.phase);
    kv_len.append(p.kv_len);
    seq.append(p.seq);
    batch.append(p.batch);
  }
  py::dict cols;
  cols["chip"] = chip;
  cols["power_state"] = power_state;
  cols["model"] = model;
  cols["layout"] = layout;
  cols["weights"] = weights;
  cols["phase"] = phase;
  cols["kv_len"] = kv_len;
  cols["seq"] = seq;
  cols["batch"] = batch;
  return cols;
}

// Runs points [first, last) on `jobs` threads (0: every hardware thread). The GIL is released
// while they run; every 100 ms the runner's calling thread takes it back for PyErr_CheckSignals,
// so Ctrl-C stops the sweep once the graphs in flight finish (in the main thread only: Python
// delivers signals nowhere else, so a Dask worker's call is not interrupted this way).
py::dict run_range(const SweepSpec& spec, std::size_t first, std::size_t last, unsigned jobs) {
  SweepOptions options;
  options.jobs = jobs;
  options.keep_ops = false;  // a DataFrame row holds totals only
  options.interrupted = [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
  SweepResult result;
  try {
    py::gil_scoped_release release;
    result = run_sweep_range(spec, first, last, options);
  } catch (const SweepInterrupted&) {
    // PyErr_CheckSignals left the handler's exception (KeyboardInterrupt) set; raise it.
    if (PyErr_Occurred() == nullptr) PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return sweep_columns(result.points);
}

std::vector<std::string> chip_names(const SweepSpec& s) {
  std::vector<std::string> names;
  for (const auto& c : s.chips) names.push_back(c.name);
  return names;
}

std::vector<std::string> model_names(const SweepSpec& s) {
  std::vector<std::string> names;
  for (const auto& m : s.models) names.push_back(m.name);
  return names;
}

}  // namespace

void bind_sweep(py::module_& m) {
  py::class_<SweepSpec>(m, "SweepSpec", "A loaded, validated sweep (configs/sweeps/*.yaml); use anesim.sweep")
      .def_readonly("name", &SweepSpec::name)
      .def_readonly("description", &SweepSpec::description)
      .def_readonly("source_file", &SweepSpec::source_file)
      .def_property_readonly("chips", &chip_names, "chip names, in sweep order")
      .def_property_readonly("models", &model_names, "model names, in sweep order")
      .def_readonly("layouts", &SweepSpec::layouts)
      .def_readonly("weights", &SweepSpec::weights)
      .def_readonly("phases", &SweepSpec::phases)
      .def_readonly("kv_lens", &SweepSpec::kv_lens)
      .def_readonly("seqs", &SweepSpec::seqs)
      .def_readonly("batches", &SweepSpec::batches)
      .def_property_readonly("size", &sweep_size, "number of points")
      .def("plan", &plan_columns, "the points' labels, one column each, in sweep order");

  m.def("load_sweep", &load_sweep, py::arg("name_or_path"), py::arg("config_dir"),
        "A shipped sweep name or a sweep YAML path, loaded and validated.");
  m.def("load_sweep_text", &load_sweep_text, py::arg("yaml_text"), py::arg("source_name"), py::arg("config_dir"),
        "A sweep from YAML text; errors name source_name and the text's line.");
  m.def("load_sweep_dict", &load_sweep_dict, py::arg("sweep"), py::arg("config_dir"), py::arg("source_name") = "<dict>",
        "A sweep from a dict in the YAML schema; errors name source_name.");
  m.def("run_sweep", &run_range, py::arg("spec"), py::arg("first"), py::arg("last"), py::arg("jobs") = 0,
        "Points [first, last) as columns (GIL released; Ctrl-C raises KeyboardInterrupt).");
}
