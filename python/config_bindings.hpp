#pragma once
// Chips and models for Python: ChipSpec and ModelSpec as objects whose fields read and write in
// the config files' units and spellings (chip/chip_fields.hpp, models/model_choices.hpp).
#include <pybind11/pybind11.h>

void bind_chip(pybind11::module_& m);
void bind_model(pybind11::module_& m);
