// _anesim: the pybind11 extension under the `anesim` Python package. It binds the same C++ core
// the CLI runs (load_chip, load_model, simulate), never a second implementation. The friendly API
// (names, dicts, DataFrames) lives in anesim/__init__.py; this file only exposes the data.
//
// Contract: every anesim::Error becomes anesim.ConfigError (a ValueError) carrying message, hint,
// file, line and column; the GIL is released while a run simulates. Sweeps: sweep_bindings.cpp.
#include <array>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "reports/comparison.hpp"
#include "reports/validation_report.hpp"
#include "chip/chip_fields.hpp"
#include "chip/chip_loader.hpp"
#include "chip/chip_spec.hpp"
#include "core/config_paths.hpp"
#include "ir/dtype.hpp"
#include "core/error.hpp"
#include "sim/timing/regime.hpp"
#include "sim/run_result.hpp"
#include "validation/validate.hpp"
#include "python/result_fields.hpp"
#include "python/palette_bindings.hpp"
#include "python/sweep_bindings.hpp"

namespace py = pybind11;
using namespace anesim;

namespace {

// ---- Field tables: one line per field (result_fields.hpp for the totals and labels). ------------
// Numeric OpRecord fields, each a DataFrame column of its own C++ type.
#define ANESIM_OP_NUMERIC_FIELDS(X)                                                                                     \
  X(start_s) X(end_s) X(border_s) X(mac_flops) X(vector_flops) X(weight_bytes) X(dram_read_bytes) X(dram_write_bytes) \
  X(l2_bytes) X(l2_hits) X(l2_misses) X(free) X(copies) X(transposes) X(logical_bytes) X(padded_bytes) X(cores_used)

template <class E, std::size_t N>
using Choices = std::array<std::pair<const char*, E>, N>;

// The model file's enum spellings (models/model_spec.cpp), so Python reads and writes the same words.
constexpr Choices<InputKind, 3> k_input{{{"tokens", InputKind::tokens}, {"image", InputKind::image}, {"audio", InputKind::audio}}};
constexpr Choices<FfnKind, 2> k_ffn{{{"mlp", FfnKind::mlp}, {"swiglu", FfnKind::swiglu}}};
constexpr Choices<Activation, 4> k_act{
    {{"gelu", Activation::gelu}, {"gelu_tanh", Activation::gelu_tanh}, {"relu", Activation::relu}, {"silu", Activation::silu}}};
constexpr Choices<NormKind, 2> k_norm{{{"layer_norm", NormKind::layer_norm}, {"rms_norm", NormKind::rms_norm}}};
constexpr Choices<NormPlacement, 2> k_place{{{"post", NormPlacement::post}, {"pre", NormPlacement::pre}}};
constexpr Choices<PositionKind, 2> k_pos{{{"learned", PositionKind::learned}, {"rope", PositionKind::rope}}};
constexpr Choices<AttentionKind, 2> k_attn{{{"bidirectional", AttentionKind::bidirectional}, {"causal", AttentionKind::causal}}};
constexpr Choices<PaddingMask, 3> k_mask{
    {{"none", PaddingMask::none}, {"additive", PaddingMask::additive}, {"replace", PaddingMask::replace}}};
constexpr Choices<HeadKind, 4> k_head{
    {{"none", HeadKind::none}, {"classifier", HeadKind::classifier}, {"pooler", HeadKind::pooler}, {"lm_head", HeadKind::lm_head}}};

template <class E, std::size_t N>
std::string choice_name(const Choices<E, N>& choices, E value) {
  for (const auto& [name, e] : choices) {
    if (e == value) return name;
  }
  return "?";
}

template <class E, std::size_t N>
E choice_value(const Choices<E, N>& choices, const std::string& field, const std::string& value) {
  std::string list;
  for (const auto& [name, e] : choices) {
    if (value == name) return e;
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  throw Error(field + ": unsupported value '" + value + "'", "use one of: " + list);
}

// A string-valued property over an enum field of ModelSpec.
template <class E, std::size_t N>
void enum_property(py::class_<ModelSpec>& cls, const char* name, E ModelSpec::*member, const Choices<E, N>& choices) {
  cls.def_property(
      name, [member, &choices](const ModelSpec& m) { return choice_name(choices, m.*member); },
      [member, &choices, name](ModelSpec& m, const std::string& value) { m.*member = choice_value(choices, name, value); },
      ("one of the model file's spellings for `" + std::string(name) + "`").c_str());
}

template <class T>
py::dict totals_dict(const T& t) {
  py::dict d;
#define X(f) d[#f] = t.f;
  ANESIM_TOTALS_FIELDS(X)
#undef X
  d["regime"] = std::string(regime_name(t.regime));
#define X(f) d[#f] = t.f;
  ANESIM_ENERGY_TOTALS(X)
#undef X
  return d;
}

template <class T>
py::dict labels_dict(const T& t) {
  py::dict d;
#define X(f) d[#f] = t.f;
  ANESIM_RESULT_LABELS(X)
#undef X
  return d;
}

// One column per op field: numpy arrays for numbers, lists for strings; pandas takes it as is.
template <class R>
py::dict ops_columns(const R& r) {
  const auto n = static_cast<py::ssize_t>(r.ops.size());
  py::dict cols;
  py::list name, kind, engine, regime;
  for (const auto& op : r.ops) {
    name.append(std::string_view(op.name));
    kind.append(op.kind);
    engine.append(std::string(engine_name(op.engine)));
    regime.append(std::string(regime_name(op.regime)));
  }
  cols["name"] = name;
  cols["kind"] = kind;
  cols["engine"] = engine;
#define X(f)                                                                 \
  {                                                                          \
    using T = std::decay_t<decltype(r.ops.front().f)>;                          \
    py::array_t<T> a(n);                                                     \
    auto* p = a.mutable_data();                                              \
    for (py::ssize_t i = 0; i < n; ++i) p[i] = r.ops[static_cast<std::size_t>(i)].f; \
    cols[#f] = a;                                                            \
  }
  ANESIM_OP_NUMERIC_FIELDS(X)
#undef X
  {
    py::array_t<double> lat(n);
    py::array_t<bool> hit(n);
    for (py::ssize_t i = 0; i < n; ++i) {
      const auto& op = r.ops[static_cast<std::size_t>(i)];
      lat.mutable_data()[i] = op.latency_s();
      hit.mutable_data()[i] = op.l2_hit();
    }
    cols["latency_s"] = lat;
    cols["l2_hit"] = hit;
  }
  {
    py::array_t<double> energy(n);
    for (py::ssize_t i = 0; i < n; ++i) energy.mutable_data()[i] = r.ops[static_cast<std::size_t>(i)].energy_j;
    cols["energy_j"] = energy;
  }
  cols["regime"] = regime;
  return cols;
}

std::vector<std::string> totals_field_names() {
  std::vector<std::string> names;
#define X(f) names.emplace_back(#f);
  ANESIM_TOTALS_FIELDS(X)
#undef X
  names.emplace_back("regime");
  return names;
}

RunResult run_simulation(const ModelSpec& model, const ChipSpec& chip, const std::string& layout, std::int64_t batch,
                         std::optional<std::int64_t> seq, const std::optional<std::string>& weights, std::optional<double> sparsity,
                         const std::string& phase, std::optional<std::int64_t> kv_len, const std::optional<std::string>& power_state,
                         std::int64_t ane_instances) {
  // Types are anesim/_arguments.py's to check. Ranges (batch, seq, kv_len, sparsity, weights) are
  // the graph builder's, and a seq or kv_len the run would ignore is refused, as for the CLI.
  if (phase != "prefill" && phase != "decode") throw Error("phase '" + phase + "' is unknown", "use phase='prefill' or 'decode'");
  if (weights && *weights != "fp16" && *weights != "int8" && *weights != "int4") {
    throw Error("weights '" + *weights + "' is unknown", "use weights='fp16', 'int8' or 'int4'");
  }
  RunRequest request;
  request.options.phase = phase == "decode" ? Phase::decode : Phase::prefill;
  check_given_sizes(model, request.options.phase, {seq, kv_len});
  request.layout = layout;
  request.batch = batch;
  request.seq = seq.value_or(request.seq);
  if (weights) request.weights = parse_dtype(*weights);
  if (sparsity) request.sparsity = *sparsity;
  request.options.kv_len = kv_len.value_or(default_kv_len(model));
  if (power_state) request.power_state = *power_state;
  request.ane_instances = ane_instances;
  py::gil_scoped_release release;  // the simulation touches no Python object
  return simulate(model, chip, request);
}

}  // namespace

PYBIND11_MODULE(_anesim, m) {
  m.doc() = "anesim's C++ core (use the `anesim` package, not this module directly)";

  // ---- Errors -------------------------------------------------------------------------------------
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

  // ---- Chip ----------------------------------------------------------------------------------------
  py::class_<ChipSpec> chip(m, "Chip", "One ANE chip generation (configs/chips/*.yaml); every field is SI and writable.");
  chip.def(py::init<>())
#define RW(f, doc) .def_readwrite(#f, &ChipSpec::f, doc)
      RW(name, "chip name, e.g. 'A15'") RW(family, "'A' (iPhone) or 'M' (Mac)") RW(year, "release year")
      RW(devices, "devices that ship it") RW(source_file, "the YAML it came from ('' if built in Python)")
      RW(base, "the chip a variant's file inherits from ('' for a base chip)")
      RW(generation, "the first chip of its base: chain, e.g. 'M3' for M3 Max")
      RW(variant, "'Pro', 'Max', 'Ultra', or '' for a base chip")
      RW(dram_device, "the device dram_bytes is from, e.g. 'iPhone 13' ('' if not given)")
#undef RW
      .def_property(
          "ane_dtypes",
          [](const ChipSpec& c) {
            std::vector<std::string> names;
            for (DType t : c.ane_dtypes) names.emplace_back(dtype_name(t));
            return names;
          },
          [](ChipSpec& c, const std::vector<std::string>& names) {
            std::vector<DType> types;
            for (const auto& n : names) types.push_back(parse_dtype(n));
            c.ane_dtypes = std::move(types);
          },
          "element types the ANE runs natively, e.g. ['fp16', 'int8']")
      .def_property_readonly("ane_dram_bandwidth_Bps", &ChipSpec::ane_dram_bandwidth_Bps,
                             "what the ANE streams from DRAM: min(dram_bandwidth_Bps x dram_efficiency, stream_ceiling_Bps)")
      .def_property_readonly("mac_flops_per_s", &ChipSpec::mac_flops_per_s, "peak_fp16_flops_per_s x mac_efficiency")
      .def("copy", [](const ChipSpec& c) { return ChipSpec(c); }, "an independent copy")
      .def("__copy__", [](const ChipSpec& c) { return ChipSpec(c); })
      .def("__deepcopy__", [](const ChipSpec& c, py::dict) { return ChipSpec(c); });
  // The numeric fields come from the table the YAML loader and check_chip read (chip/chip_fields.hpp).
  for (const ChipField& f : chip_fields()) {
    const ChipField* field = &f;
    if (f.real) {
      chip.def_property(
          f.name, [field](const ChipSpec& c) { return c.*(field->real); }, [field](ChipSpec& c, double v) { c.*(field->real) = v; },
          f.doc);
    } else {
      chip.def_property(
          f.name, [field](const ChipSpec& c) { return c.*(field->whole); },
          [field](ChipSpec& c, std::int64_t v) { c.*(field->whole) = v; }, f.doc);
    }
  }

  // ---- Model ---------------------------------------------------------------------------------------
  py::class_<ModelSpec> model(m, "Model", "A Transformer's hyperparameters (configs/models/*.yaml); fields are writable.");
  model.def(py::init<>())
#define RW(f) .def_readwrite(#f, &ModelSpec::f)
      RW(name) RW(hf_id) RW(source_file) RW(published_parameters) RW(image_size) RW(patch_size) RW(channels) RW(mel_bins)
          RW(audio_frames) RW(vocab_size) RW(hidden_size) RW(layers) RW(heads) RW(kv_heads) RW(ffn_size) RW(max_positions)
              RW(token_types) RW(embedding_norm) RW(bias) RW(qkv_bias) RW(k_bias) RW(tied_embeddings) RW(pre_classifier)
                  RW(num_labels) RW(sparsity)
#undef RW
      .def_property(
          "weights", [](const ModelSpec& s) { return std::string(dtype_name(s.weights)); },
          [](ModelSpec& s, const std::string& v) { s.weights = parse_dtype(v); }, "weight precision: fp16, int8 or int4")
      .def_property_readonly("parameters", &ModelSpec::closed_form_parameters, "parameter count in closed form")
      .def_property_readonly("head_dim", &ModelSpec::head_dim)
      .def_property_readonly("kv_dim", &ModelSpec::kv_dim)
      .def_property_readonly("is_decoder", &ModelSpec::is_decoder)
      .def_property_readonly("fixed_sequence", &ModelSpec::fixed_sequence,
                             "sequence length fixed by the input (ViT, Whisper), or 0")
      .def("copy", [](const ModelSpec& s) { return ModelSpec(s); }, "an independent copy")
      .def("__copy__", [](const ModelSpec& s) { return ModelSpec(s); })
      .def("__deepcopy__", [](const ModelSpec& s, py::dict) { return ModelSpec(s); });
  enum_property(model, "input", &ModelSpec::input, k_input);
  enum_property(model, "ffn", &ModelSpec::ffn, k_ffn);
  enum_property(model, "activation", &ModelSpec::activation, k_act);
  enum_property(model, "norm", &ModelSpec::norm, k_norm);
  enum_property(model, "norm_placement", &ModelSpec::norm_placement, k_place);
  enum_property(model, "position", &ModelSpec::position, k_pos);
  enum_property(model, "attention", &ModelSpec::attention, k_attn);
  enum_property(model, "padding_mask", &ModelSpec::padding_mask, k_mask);
  enum_property(model, "head", &ModelSpec::head, k_head);

  // ---- Results -------------------------------------------------------------------------------------
  py::class_<RunResult>(m, "RunResult", "One simulated inference (use anesim.Result)")
      .def_property_readonly("labels", &labels_dict<RunResult>, "model, chip, layout, batch, seq, phase, kv_len, weights, sparsity")
      .def_property_readonly("totals", [](const RunResult& r) { return totals_dict<RunTotals>(r.totals); }, "the run's totals")
      .def_property_readonly("op_count", [](const RunResult& r) { return r.ops.size(); })
      .def_readonly("fits", &RunResult::fits, "whether the run fits the chip's device (sim/device_fit.hpp)")
      .def_readonly("fit_reason", &RunResult::fit_reason, "each limit the run breaks; empty when it fits")
      .def("ops_columns", &ops_columns<RunResult>, "one column per op field, for pandas.DataFrame");
  m.def("totals_fields", &totals_field_names, "names of the totals, in JSON order");

  m.def(
      "baseline_over_ane",
      [](const RunResult& baseline, const RunResult& ane) {
        const LayoutRatios r = baseline_over_ane(baseline.totals, ane.totals);
        py::dict d;
        d["latency"] = r.latency;
        d["peak_memory"] = r.peak_memory;
        d["dram_traffic"] = r.dram_traffic;
        d["energy"] = r.energy;
        return d;
      },
      "the CLI's baseline / ane ratios");

  // ---- Loaders and the run -------------------------------------------------------------------------
  m.def("default_config_dir", &default_config_dir);
  m.def("config_files", &config_files, py::arg("config_dir"), py::arg("kind"));
  m.def("layout_names", &layout_names);
  m.def(
      "chip_fields",
      [] {
        py::list fields;
        for (const ChipField& f : chip_fields()) fields.append(py::make_tuple(f.name, f.section, f.key, f.doc));
        return fields;
      },
      "the numeric chip fields as (attribute, chip-file section, chip-file key, doc), in chip-file order");
  m.def("load_chip", &load_chip, py::arg("name_or_path"), py::arg("config_dir"));
  m.def("load_all_chips", &load_all_chips, py::arg("config_dir"));
  m.def("load_model", &load_model, py::arg("name_or_path"), py::arg("config_dir"));
  m.def("load_model_file", &load_model_file, py::arg("path"));
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
  m.def("simulate", &run_simulation, py::arg("model"), py::arg("chip"), py::arg("layout"), py::arg("batch"), py::arg("seq") = py::none(),
        py::arg("weights") = py::none(), py::arg("sparsity") = py::none(), py::arg("phase") = "prefill", py::arg("kv_len") = py::none(),
        py::arg("power_state") = py::none(), py::arg("ane_instances") = 1,
        "Simulate one inference (the GIL is released while it runs).");

  bind_sweep(m);
  bind_palette(m);
}
