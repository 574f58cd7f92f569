// _anesim: the pybind11 extension under the `anesim` Python package. It binds the same C++ core
// the CLI runs (load_chip, load_model, simulate), never a second implementation. The friendly API
// (names, dicts, DataFrames) lives in anesim/__init__.py; this file only exposes the data.
//
// Contract: every anesim::Error becomes anesim.ConfigError (a ValueError) carrying message, hint,
// file, line and column; the GIL is released while a run simulates. Chips and models:
// config_bindings.cpp, and loaded ones are kept while their files are unchanged (config_cache.hpp);
// results: result_bindings.cpp; sweeps: sweep_bindings.cpp.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "generation/generate.hpp"
#include "models/layout_strategy.hpp"
#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "reports/calibration_report.hpp"
#include "reports/generation_json.hpp"
#include "reports/validation_report.hpp"
#include "chip/chip_fields.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/dtype.hpp"
#include "core/choice_list.hpp"
#include "core/error.hpp"
#include "sim/run_choices.hpp"
#include "validation/validate.hpp"
#include "python/advice_bindings.hpp"
#include "python/config_cache.hpp"
#include "python/config_bindings.hpp"
#include "python/palette_bindings.hpp"
#include "python/result_bindings.hpp"
#include "python/sweep_bindings.hpp"

namespace py = pybind11;
using namespace anesim;

namespace {

// An imported ONNX graph's options (`--dim`, `--unsupported`), as the CLI's request_options reads them.
struct ImportChoices {
  DimBindings dims;
  std::string unsupported = std::string(unsupported_ops_name(UnsupportedOps::error));
};

RunRequest request_from(const ModelSpec& model, const std::string& layout, std::int64_t batch, std::optional<std::int64_t> seq,
                        const std::optional<std::string>& weights, std::optional<double> sparsity, const std::string& phase,
                        std::optional<std::int64_t> kv_len, const std::optional<std::string>& power_state, std::int64_t ane_instances,
                        const ImportChoices& import) {
  // Types are anesim/_arguments.py's to check. Ranges (batch, seq, kv_len, sparsity, weights) are
  // the graph builder's, and a seq or kv_len the run would ignore is refused, as for the CLI.
  const std::vector<std::string> phases = phase_names();
  if (std::find(phases.begin(), phases.end(), phase) == phases.end()) {
    throw Error("phase '" + phase + "' is unknown", "use phase=" + choice_alternatives(phases, "'"));
  }
  if (weights && !is_weight_precision(*weights)) {
    throw Error("weights '" + *weights + "' is unknown", "use weights=" + choice_alternatives(weight_precision_names(), "'"));
  }
  const std::vector<std::string> unsupported = unsupported_ops_names();
  if (std::find(unsupported.begin(), unsupported.end(), import.unsupported) == unsupported.end()) {
    throw Error("unsupported '" + import.unsupported + "' is unknown", "use unsupported=" + choice_alternatives(unsupported, "'"));
  }
  RunRequest request;
  request.options.phase = phase_of(phase);
  check_given_sizes(model, request.options.phase, {seq, kv_len});
  request.dims = import.dims;
  request.options.unsupported = unsupported_ops_of(import.unsupported);
  check_dim_bindings(model, request.dims);
  request.layout = layout;
  request.batch = batch;
  request.seq = seq.value_or(request.seq);
  if (weights) request.weights = parse_dtype(*weights);
  if (sparsity) request.sparsity = *sparsity;
  request.options.kv_len = kv_len.value_or(default_kv_len(model));
  if (power_state) request.power_state = *power_state;
  request.ane_instances = ane_instances;
  return request;
}

RunResult run_simulation(const ModelSpec& model, const ChipSpec& chip, const std::string& layout, std::int64_t batch,
                         std::optional<std::int64_t> seq, const std::optional<std::string>& weights, std::optional<double> sparsity,
                         const std::string& phase, std::optional<std::int64_t> kv_len, const std::optional<std::string>& power_state,
                         std::int64_t ane_instances, const DimBindings& dims, const std::string& unsupported) {
  const RunRequest request =
      request_from(model, layout, batch, seq, weights, sparsity, phase, kv_len, power_state, ane_instances, {dims, unsupported});
  py::gil_scoped_release release;  // the simulation touches no Python object
  return simulate(model, chip, request);
}

py::dict advise_tables(const ModelSpec& model, const ChipSpec& chip, const std::string& layout, std::int64_t batch,
                       std::optional<std::int64_t> seq, const std::optional<std::string>& weights, const std::string& phase,
                       std::optional<std::int64_t> kv_len, const std::optional<std::string>& power_state, const DimBindings& dims,
                       const std::string& unsupported) {
  const RunRequest request =
      request_from(model, layout, batch, seq, weights, std::nullopt, phase, kv_len, power_state, 1, {dims, unsupported});
  Advice advice;
  {
    py::gil_scoped_release release;
    advice = advise(model, chip, request);
  }
  return advice_columns(advice);
}

// `anesim generate --json`'s text for the same inputs: Python parses it, so the two agree to the
// last digit. Types are anesim/_arguments.py's to check; ranges are generate()'s.
std::string generation_json(const ModelSpec& model, const ChipSpec& chip, const std::string& layout, std::int64_t batch,
                            std::int64_t prompt, std::int64_t new_tokens, const std::string& kv_cache,
                            std::optional<std::int64_t> context, std::int64_t chunks, const std::optional<std::string>& weights,
                            const std::optional<std::string>& power_state, bool every_step) {
  if (weights && !is_weight_precision(*weights)) {
    throw Error("weights '" + *weights + "' is unknown", "use weights=" + choice_alternatives(weight_precision_names(), "'"));
  }
  GenerateRequest request;
  request.run.layout = layout;
  request.run.batch = batch;
  if (weights) request.run.weights = parse_dtype(*weights);
  if (power_state) request.run.power_state = *power_state;
  request.prompt = prompt;
  request.new_tokens = new_tokens;
  request.kv_cache = parse_kv_cache(kv_cache);
  request.context = context;
  request.chunks = chunks;
  request.every_step = every_step;
  std::ostringstream out;
  {
    py::gil_scoped_release release;  // the simulations touch no Python object
    write_generation_json(out, generate(model, chip, request));
  }
  return out.str();
}

void bind_errors(py::module_& m) {
  // Released on purpose: the type lives as long as the interpreter, not as a C++ static.
  static py::handle config_error = py::exception<Error>(m, "ConfigError", PyExc_ValueError).release();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::object type = py::reinterpret_borrow<py::object>(config_error);
      py::object inst = type(std::string(e.what()));
      inst.attr("message") = e.message();
      inst.attr("hint") = e.hint();
      inst.attr("file") = e.where().file.empty() ? py::object(py::none()) : py::object(py::str(e.where().file));
      inst.attr("line") = e.where().line > 0 ? py::object(py::int_(e.where().line)) : py::object(py::none());
      inst.attr("column") = e.where().column > 0 ? py::object(py::int_(e.where().column)) : py::object(py::none());
      PyErr_SetObject(type.ptr(), inst.ptr());
    }
  });
}

void bind_loaders(py::module_& m) {
  m.def("default_config_dir", &default_config_dir);
  m.def("config_files", &config_files, py::arg("config_dir"), py::arg("kind"));
  m.def("layout_names", &layout_names);
  m.def("layout_choices", &layout_choices);
  m.def(
      "chip_fields",
      [] {
        py::list fields;
        for (const ChipField& f : chip_fields()) fields.append(py::make_tuple(f.name, f.section, f.key, f.doc));
        return fields;
      },
      "the numeric chip fields as (attribute, chip-file section, chip-file key, doc), in chip-file order");
  // Kept between calls while their files are unchanged (python/config_cache.hpp).
  m.def("load_chip", &cached_load_chip, py::arg("name_or_path"), py::arg("config_dir"));
  m.def("load_all_chips", &load_all_chips, py::arg("config_dir"));
  m.def("load_model", &cached_load_model, py::arg("name_or_path"), py::arg("config_dir"));
  m.def("clear_config_cache", &clear_config_cache, "forget the chips and models kept between calls");
  m.def(
      "config_cache_stats",
      [] {
        const ConfigCacheStats s = config_cache_stats();
        py::dict out;
        out["hits"] = s.hits;
        out["reads"] = s.reads;
        return out;
      },
      "load_chip/load_model calls answered from the cache (hits) and calls that read files (reads)");
  m.def("load_model_file", &load_model_file, py::arg("path"));
}

void bind_runs(py::module_& m) {
  m.def(
      "validation_csv",
      [](const std::string& name_or_path, const std::string& config_dir) {
        const ValidationSet set = load_validation(name_or_path, config_dir);
        std::vector<ValidationRow> rows;
        {
          py::gil_scoped_release release;
          rows = run_validation(set);
        }
        std::ostringstream out;
        write_validation_csv(out, rows);
        return out.str();
      },
      py::arg("name_or_path"), py::arg("config_dir"), "`anesim validate --csv`'s text for a validation set");
  m.def(
      "calibration_tables",
      [](const std::string& measurements, const std::string& chip_argument, const std::string& config_dir,
         const std::vector<std::string>& fit, bool leave_one_out, const std::string& name) {
        const ValidationSet set = load_validation(measurements, config_dir);
        const ChipSpec chip = load_chip(chip_argument, config_dir);
        CalibrationOptions options;
        options.fit = fit;
        options.leave_one_out = leave_one_out;
        Calibration c;
        {
          py::gil_scoped_release release;
          c = calibrate(set, chip, options);
        }
        std::ostringstream report, parameters, points, chip_file;
        write_calibration_markdown(report, c);
        write_calibration_parameters_csv(parameters, c);
        write_calibration_points_csv(points, c);
        write_calibrated_chip_file(chip_file, c, calibrated_chip_base(chip_argument, chip), name.empty() ? chip.name + " calibrated" : name);
        py::dict out;
        out["report"] = report.str();
        out["parameters"] = parameters.str();
        out["points"] = points.str();
        out["chip_file"] = chip_file.str();
        return out;
      },
      py::arg("measurements"), py::arg("chip"), py::arg("config_dir"), py::arg("fit"), py::arg("leave_one_out"), py::arg("name"),
      "`anesim calibrate`'s report, its two tables as CSV, and the calibrated chip file");
  m.def("simulate", &run_simulation, py::arg("model"), py::arg("chip"), py::arg("layout"), py::arg("batch"), py::arg("seq") = py::none(),
        py::arg("weights") = py::none(), py::arg("sparsity") = py::none(), py::arg("phase") = std::string(phase_name(Phase::prefill)), py::arg("kv_len") = py::none(),
        py::arg("power_state") = py::none(), py::arg("ane_instances") = 1, py::arg("dims") = DimBindings{},
        py::arg("unsupported") = std::string(unsupported_ops_name(UnsupportedOps::error)),
        "Simulate one inference (the GIL is released while it runs).");
  m.def("advise", &advise_tables, py::arg("model"), py::arg("chip"), py::arg("layout"), py::arg("batch"), py::arg("seq") = py::none(),
        py::arg("weights") = py::none(), py::arg("phase") = std::string(phase_name(Phase::prefill)), py::arg("kv_len") = py::none(),
        py::arg("power_state") = py::none(), py::arg("dims") = DimBindings{},
        py::arg("unsupported") = std::string(unsupported_ops_name(UnsupportedOps::error)),
        "`anesim advise`'s findings and waterfall steps as two dicts of columns, plus the run's labels");
  m.def("generation_json", &generation_json, py::arg("model"), py::arg("chip"), py::arg("layout"), py::arg("batch"), py::arg("prompt"),
        py::arg("new_tokens"), py::arg("kv_cache"), py::arg("context") = py::none(), py::arg("chunks") = 1,
        py::arg("weights") = py::none(), py::arg("power_state") = py::none(), py::arg("every_step") = false,
        "`anesim generate --json`'s text for one reply (the GIL is released while it runs).");
}

}  // namespace

PYBIND11_MODULE(_anesim, m) {
  m.doc() = "anesim's C++ core (use the `anesim` package, not this module directly)";
  bind_errors(m);
  bind_chip(m);
  bind_model(m);
  bind_results(m);
  bind_loaders(m);
  bind_runs(m);
  bind_sweep(m);
  bind_palette(m);
}
