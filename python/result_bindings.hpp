#pragma once
// Results for Python: RunResult's labels and totals as dicts and its op records as columns, all
// walked from sim/result_fields.def, and the declared totals and op fields as anesim's column lists.
#include <string>
#include <string_view>

#include <pybind11/pybind11.h>

#include "sim/lower/program.hpp"
#include "sim/timing/regime.hpp"

// A declared text field as Python reads it: a str (Regime by its name, as in the JSON).
inline std::string field_text(std::string_view s) { return std::string(s); }
inline std::string field_text(anesim::Regime r) { return std::string(anesim::regime_name(r)); }
inline std::string field_text(anesim::Engine e) { return std::string(anesim::engine_name(e)); }

void bind_results(pybind11::module_& m);
