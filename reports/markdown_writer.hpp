#pragma once
// RunResults as a Markdown summary a person reads: one table of every run (latency in ms, peak
// memory in MB, regime), with the labels that are the same for every run said once above it; then,
// for every point run in the reference layout and another, their ratios (reports/comparison.hpp).
#include <ostream>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

void write_markdown(std::ostream& out, const std::string& title, const std::string& description,
                    const std::vector<RunResult>& runs);

}  // namespace anesim
