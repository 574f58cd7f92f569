#pragma once
// `anesim advise`: one run's findings (advice/run_findings.hpp), with the savings a what-if can
// measure replaced by reruns: the lowering without its `transposes` pass (rule 3 left out), and
// the same model with int8 and with int4 weights (principle 4), the layout with the per-head split
// switched on (principle 2). Findings of a principle the layout already applies are left out.
#include "advice/finding.hpp"
#include "advice/waterfall.hpp"
#include "chip/chip_spec.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"

namespace anesim {

// One run and its findings, ranked: fit first (a run the device cannot hold does not run at all),
// then by latency saved, largest first; ties by memory saved, then in the order they were found.
// The waterfall is the what-if path from baseline to the ANE layout and narrower weights
// (advice/waterfall.hpp), whatever layout the run is in.
struct Advice {
  RunResult run;
  std::vector<Finding> findings;
  Waterfall waterfall;
};

// `request` as given (one layout); the reruns change one thing each.
[[nodiscard]] Advice advise(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);

// `base` minus `fixed`, the three figures a finding's saving is in.
[[nodiscard]] Saving saving_between(const RunTotals& base, const RunTotals& fixed);

}  // namespace anesim
