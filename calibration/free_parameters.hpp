#pragma once
// Which chip parameters a calibration may move, and the box each is fitted in.
#include <string>
#include <vector>

#include "chip/chip_fields.hpp"

namespace anesim {

// The parameters fitted when the user names none: the ones the shipped chip files give as an
// estimate or set from Figure 2 (each file's comments say which), never a datasheet figure.
[[nodiscard]] const std::vector<std::string>& default_free_parameters();

// A chip field by its ChipSpec member name (chip/chip_fields.def, also the Python attribute);
// an anesim::Error listing the fittable names when there is none, or when it is a whole number
// (cores, bytes: a fit moves reals).
[[nodiscard]] const ChipField& fittable_field(const std::string& name);

// The box a fit may search, in the field's own units. The fit runs in log space, so a range that
// starts at 0 (shares, seconds) starts at a floor instead: a 0.1% share or a nanosecond, both far
// below anything a device shows.
struct FitRange {
  double lower = 0;
  double upper = 0;
};
[[nodiscard]] FitRange fit_range(const ChipField& field);

}  // namespace anesim
