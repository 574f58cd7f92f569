#pragma once
// Results for Python: RunResult's labels and totals as dicts and its op records as columns, all
// walked from sim/result_fields.def, and the declared totals as anesim's column list.
#include <string>
#include <string_view>

#include <pybind11/pybind11.h>

#include "sim/timing/regime.hpp"

// A declared text field as Python reads it: a str (Regime by its name, as in the JSON).
inline std::string field_text(const std::string& s) { return s; }
inline std::string field_text(anesim::Regime r) { return std::string(anesim::regime_name(r)); }

void bind_results(pybind11::module_& m);
