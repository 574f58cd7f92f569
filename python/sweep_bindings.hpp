#pragma once
// The sweep half of the _anesim extension: loading a sweep (a file, YAML text, or a Python dict
// in the same schema), its point list, and running a range of its points on the C++ runner
// (sweep/sweep_runner.hpp) with the GIL released and Ctrl-C honoured. anesim/_sweeps.py builds
// the DataFrame and the Dask scale-out on top of these.
#include <pybind11/pybind11.h>

void bind_sweep(pybind11::module_& m);
