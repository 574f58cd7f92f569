#include "python/result_bindings.hpp"

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "reports/comparison.hpp"
#include "sim/result_fields.hpp"
#include "sim/run_result.hpp"

namespace py = pybind11;
using namespace anesim;

namespace {

template <class T>
py::object py_value(const T& v) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, Regime>) {
    return py::str(field_text(v));
  } else {
    return py::cast(v);
  }
}

template <class Walk, class Record>
py::dict fields_dict(Walk walk, const Record& record) {
  py::dict d;
  walk([&](const ResultField& field, auto member) { d[py::str(std::string(field.name))] = py_value(record.*member); });
  return d;
}

// One column per declared op field (sim/result_fields.def): a numpy array of the field's own C++
// type for numbers, a list of str for text; pandas takes it as is.
py::dict ops_columns(const RunResult& r) {
  py::dict cols;
  for_each_op_field([&](const OpField& field, auto get) {
    using T = std::decay_t<decltype(get(std::declval<const OpRecord&>()))>;
    if constexpr (std::is_arithmetic_v<T>) {
      py::array_t<T> column(static_cast<py::ssize_t>(r.ops.size()));
      T* out = column.mutable_data();
      for (std::size_t i = 0; i < r.ops.size(); ++i) out[i] = get(r.ops[i]);
      cols[py::str(std::string(field.name))] = std::move(column);
    } else {
      py::list column;
      for (const OpRecord& op : r.ops) column.append(py::str(field_text(get(op))));
      cols[py::str(std::string(field.name))] = std::move(column);
    }
  });
  return cols;
}

// The declared totals as (name, unit, doc), in JSON order: anesim.SWEEP_TOTAL_COLUMNS.
py::list total_fields() {
  py::list fields;
  for (const ResultField& f : k_total_fields) fields.append(py::make_tuple(f.name, f.unit, f.doc));
  return fields;
}

// The declared op record fields as (name, unit, doc), in column order: anesim.OPS_COLUMNS.
py::list op_fields() {
  py::list fields;
  for (const OpField& f : k_op_fields) fields.append(py::make_tuple(f.name, f.unit, f.doc));
  return fields;
}

}  // namespace

void bind_results(py::module_& m) {
  py::class_<RunResult>(m, "RunResult", "One simulated inference (use anesim.Result)")
      .def_property_readonly(
          "labels", [](const RunResult& r) { return fields_dict([](auto f) { for_each_label(f); }, r); },
          "what was run: model, chip, layout, batch, seq, phase, kv_len, weights, sparsity, power_state, ane_instances")
      .def_property_readonly(
          "totals", [](const RunResult& r) { return fields_dict([](auto f) { for_each_total(f); }, r.totals); },
          "the run's totals, in JSON order")
      .def_property_readonly("op_count", [](const RunResult& r) { return r.ops.size(); })
      .def_readonly("fits", &RunResult::fits, "whether the run fits the chip's device (sim/device_fit.hpp)")
      .def_readonly("fit_reason", &RunResult::fit_reason, "each limit the run breaks; empty when it fits")
      .def_readonly("unsupported_ops", &RunResult::unsupported_ops,
                    "ONNX operators --unsupported cpu placed on the CPU, by ONNX type; empty for every other run")
      .def("ops_columns", &ops_columns, "one column per op field, for pandas.DataFrame");
  m.def("total_fields", &total_fields, "the totals as (name, unit, doc), in JSON order (sim/result_fields.def)");
  m.def("op_fields", &op_fields, "the op record fields as (name, unit, doc), in Result.ops' column order (sim/result_fields.def)");

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
}
