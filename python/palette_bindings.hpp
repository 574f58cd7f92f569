#pragma once
// The chart palette of reports/palette.hpp for the Python plots: anesim/plot.py draws regimes,
// layouts and batches in the colours, and the batch axis in the orientation, of report.html.
#include <pybind11/pybind11.h>

void bind_palette(pybind11::module_& m);
