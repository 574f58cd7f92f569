#pragma once
// `anesim advise`: one run's findings (advice/run_findings.hpp), with the savings a what-if can
// measure replaced by reruns: the lowering without its `transposes` pass (rule 3 left out), and
// the same model with int8 and with int4 weights (principle 4).
#include "advice/finding.hpp"
#include "chip/chip_spec.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"

namespace anesim {

// `request` as given (one layout); the reruns change one thing each.
[[nodiscard]] Advice advise(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);

// `base` minus `fixed`, the three figures a finding's saving is in.
[[nodiscard]] Saving saving_between(const RunTotals& base, const RunTotals& fixed);

}  // namespace anesim
