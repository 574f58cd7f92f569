#pragma once
// The findings one run's op records and totals show, on any graph (a zoo model, a user's YAML, a
// graph built by hand): no rerun, so each saving is the named ops' own cost (advice/advise.hpp
// replaces those a what-if can measure).
#include <vector>

#include "advice/finding.hpp"

namespace anesim {

// An ANE buffer counts as padded when at least half of what it allocates is padding: its last
// axis is short (a singleton W in the (B,C,1,S) layout's vectors is 2 of 64 bytes).
inline constexpr double k_padded_over_logical = 2.0;

// Ranked (advice/finding.hpp, Advice).
[[nodiscard]] std::vector<Finding> run_findings(const RunResult& run);

// Fit first (in the order found), then latency saved, memory saved, first found: the order Advice promises.
void rank_findings(std::vector<Finding>& findings);

}  // namespace anesim
