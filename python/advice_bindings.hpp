#pragma once
// `anesim advise` for Python: an Advice as columns pandas reads into DataFrames (findings; steps).
#include <pybind11/pybind11.h>

#include "advice/advise.hpp"

namespace anesim {

// {"run": {labels and totals}, "findings": {column: list}, "steps": {column: list}}: one row a
// finding (ranked) and one a waterfall step, the JSON's keys (README, "advise") as columns.
[[nodiscard]] pybind11::dict advice_columns(const Advice& advice);

}  // namespace anesim
