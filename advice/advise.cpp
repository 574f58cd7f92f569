#include "advice/advise.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "advice/run_findings.hpp"
#include "ir/dtype.hpp"

namespace anesim {

namespace {

// The transposes finding's saving, measured: the same graph lowered without the pass.
void rerun_without_transposes(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, const RunResult& run,
                              Finding& f) {
  RunRequest what_if = request;
  what_if.keep_ops = false;
  what_if.without_passes.emplace_back("transposes");
  const RunResult fixed = simulate(model, chip, what_if);
  f.saving = saving_between(run.totals, fixed.totals);
  f.basis = SavingBasis::rerun;
  f.basis_text = "rerun without the transposes pass (anesim run --without-pass transposes)";
}

// Bits per weight, for "narrower than": int4 < int8 < fp16 < fp32.
int weight_bits(DType t) {
  switch (t) {
    case DType::int4: return 4;
    case DType::int8: case DType::uint8: return 8;
    case DType::fp16: return 16;
    default: return 32;
  }
}

// The weight-bound finding becomes one finding per narrower precision, each a rerun; with none
// narrower (already int4) it keeps its op-cost saving.
std::vector<Finding> rerun_narrower_weights(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request,
                                            const RunResult& run, const Finding& bound) {
  std::vector<Finding> out;
  for (const DType narrower : {DType::int8, DType::int4}) {
    if (weight_bits(narrower) >= weight_bits(parse_dtype(run.weights))) continue;
    RunRequest what_if = request;
    what_if.keep_ops = false;
    what_if.weights = narrower;
    const RunResult fixed = simulate(model, chip, what_if);
    Finding f = bound;
    f.id = std::string(dtype_name(narrower));
    f.title = fmt::format("{} weights", dtype_name(narrower));
    f.saving = saving_between(run.totals, fixed.totals);
    f.basis = SavingBasis::rerun;
    f.basis_text = fmt::format("rerun with --weights {} (fewer bytes streamed, a dequantize pass added)", dtype_name(narrower));
    out.push_back(std::move(f));
  }
  if (out.empty()) out.push_back(bound);
  return out;
}

}  // namespace

Saving saving_between(const RunTotals& base, const RunTotals& fixed) {
  return {.latency_s = base.latency_s - fixed.latency_s,
          .peak_memory_bytes = base.peak_memory_bytes - fixed.peak_memory_bytes,
          .energy_j = base.energy_j - fixed.energy_j};
}

Advice advise(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request) {
  RunRequest kept = request;
  kept.keep_ops = true;  // the findings read the op records
  Advice advice{.run = simulate(model, chip, kept), .findings = {}};
  for (Finding& f : run_findings(advice.run)) {
    if (f.id == "transposes") {
      rerun_without_transposes(model, chip, kept, advice.run, f);
    } else if (f.principle == Principle::bandwidth) {
      for (Finding& narrower : rerun_narrower_weights(model, chip, kept, advice.run, f)) advice.findings.push_back(std::move(narrower));
      continue;
    }
    advice.findings.push_back(std::move(f));
  }
  rank_findings(advice.findings);
  return advice;
}

}  // namespace anesim
