#pragma once
// JSON has no inf or NaN (a bare `inf` makes the file unreadable) and a CSV reader takes "inf" for
// text: a result that is not a finite number is an anesim::Error before a writer starts, never
// written. Chip and model ranges keep real inputs finite; this is the guarantee behind them.
#include <vector>

#include "reports/comparison.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// Throws naming the run and the field when a number the writers print is inf or NaN; op records
// are checked when `with_ops`.
void require_finite(const RunResult& run, bool with_ops);
void require_finite(const std::vector<RunResult>& runs, bool with_ops);
// `pair` names the ratio ("the baseline / ane ratio of latency").
void require_finite(const LayoutRatios& ratios, const LayoutPair& pair);

}  // namespace anesim
