#pragma once
// The HTML report's list of the runs that do not fit their device (rule 13, sim/device_fit.hpp):
// their charts are valid predictions, but the reader must see which points could not load.
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

// Empty when every run fits, so reports of sweeps that fit are unchanged.
[[nodiscard]] std::string html_fit_notice(const std::vector<RunResult>& points);

}  // namespace anesim
