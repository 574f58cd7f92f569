#pragma once
// advise.html (`anesim advise --html FILE`): the what-if waterfall as one chart per metric
// (latency, peak memory, DRAM traffic, energy) and the ranked findings table.
#include <ostream>

#include "advice/advise.hpp"

namespace anesim {

void write_advice_html(std::ostream& out, const Advice& advice);

}  // namespace anesim
