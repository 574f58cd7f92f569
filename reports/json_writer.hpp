#pragma once
// RunResults as JSON (schema in README.md, "JSON output"). Numbers are written in their shortest
// round-trip form, keys in a fixed order, so the same run gives byte-identical files.
#include <ostream>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

void write_json(std::ostream& out, const std::vector<RunResult>& runs, bool with_ops);

}  // namespace anesim
