#pragma once
// `anesim advise --json` (schema in README.md, "advise"): the run's labels and three totals, then
// the findings in rank order. Numbers in their shortest round-trip form, keys in a fixed order.
#include <ostream>

#include "advice/advise.hpp"

namespace anesim {

void write_advice_json(std::ostream& out, const Advice& advice);

}  // namespace anesim
