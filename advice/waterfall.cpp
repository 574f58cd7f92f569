#include "advice/waterfall.hpp"

#include <fmt/format.h>

#include "advice/weight_bits.hpp"
#include "ir/dtype.hpp"
#include "models/layout_principles.hpp"

namespace anesim {

namespace {

constexpr Principle k_step_principle[] = {Principle::data_format, Principle::chunking, Principle::copies, Principle::hybrid};

StepFigures minus(const StepFigures& a, const StepFigures& b) {
  return {.latency_s = a.latency_s - b.latency_s,
          .peak_memory_bytes = a.peak_memory_bytes - b.peak_memory_bytes,
          .dram_bytes = a.dram_bytes - b.dram_bytes,
          .energy_j = a.energy_j - b.energy_j};
}

WaterfallStep run_step(const ModelSpec& model, const ChipSpec& chip, RunRequest request, std::string title, Principle principle) {
  request.keep_ops = false;
  const RunResult r = simulate(model, chip, request);
  return {.title = std::move(title), .principle = principle, .layout = request.layout, .weights = r.weights,
          .fits = r.fits, .figures = step_figures(r.totals), .saving = {}, .from = {}};
}

// Each switch with only what it needs on (nothing, or the cumulative path up to it), then the
// narrower weights on the baseline layout; a pair the cumulative path already ran is reused.
std::vector<WaterfallStep> fixes_alone(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, const Waterfall& w,
                                       const std::vector<LayoutPrinciples>& path) {
  std::vector<WaterfallStep> alone;
  const WaterfallStep& baseline = w.steps.front();
  for (std::size_t i = 0; i < k_principle_switches.size(); ++i) {
    LayoutPrinciples on_its_own{};
    on_its_own.*k_principle_switches[i].flag = true;
    WaterfallStep step;
    if (principles_conflict(on_its_own).empty() && !(on_its_own == path[i + 1])) {
      RunRequest run = request;
      run.layout = principles_name(on_its_own);
      step = run_step(model, chip, run, std::string(k_principle_switches[i].name) + " alone", w.steps[i + 1].principle);
      step.saving = minus(baseline.figures, step.figures);
      step.from = baseline.layout;
    } else {  // the cumulative step is this fix with only what it needs
      step = w.steps[i + 1];
      step.title = std::string(k_principle_switches[i].name) + (path[i] == k_baseline_principles ? " alone" : " on " + principles_name(path[i]));
      step.from = w.steps[i].layout;
    }
    alone.push_back(std::move(step));
  }
  for (std::size_t k = w.ane_step + 1; k < w.steps.size(); ++k) {
    RunRequest run = request;
    run.layout = baseline.layout;
    run.weights = parse_dtype(w.steps[k].weights);
    WaterfallStep step = run_step(model, chip, run, w.steps[k].weights + " alone", Principle::bandwidth);
    step.saving = minus(baseline.figures, step.figures);
    step.from = baseline.layout + ", " + baseline.weights;
    alone.push_back(std::move(step));
  }
  return alone;
}

}  // namespace

StepFigures step_figures(const RunTotals& t) {
  return {.latency_s = t.latency_s, .peak_memory_bytes = t.peak_memory_bytes,
          .dram_bytes = t.dram_read_bytes + t.dram_write_bytes, .energy_j = t.energy_j};
}

Waterfall principles_waterfall(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request) {
  Waterfall w;
  if (model.onnx) {
    w.not_applicable = "an imported ONNX graph runs as exported: the builder's switches do not apply";
    return w;
  }
  const std::vector<LayoutPrinciples> path = principles_path();
  for (std::size_t i = 0; i < path.size(); ++i) {
    RunRequest step = request;
    step.layout = principles_name(path[i]);
    std::string title = "baseline";
    if (i > 0) title = std::string("+").append(k_principle_switches[i - 1].what);
    w.steps.push_back(run_step(model, chip, step, title, i == 0 ? Principle::data_format : k_step_principle[i - 1]));
  }
  w.ane_step = w.steps.size() - 1;
  const DType given = parse_dtype(w.steps.front().weights);
  for (const DType narrower : {DType::int8, DType::int4}) {
    if (weight_bits(narrower) >= weight_bits(given)) continue;
    RunRequest step = request;
    step.layout = "ane";
    step.weights = narrower;
    w.steps.push_back(run_step(model, chip, step, fmt::format("+{}", dtype_name(narrower)), Principle::bandwidth));
  }
  for (std::size_t i = 1; i < w.steps.size(); ++i) {
    w.steps[i].saving = minus(w.steps[i - 1].figures, w.steps[i].figures);
    w.steps[i].from = w.steps[i - 1].layout + (w.steps[i - 1].weights == w.steps[i].weights ? "" : ", " + w.steps[i - 1].weights);
  }
  w.alone = fixes_alone(model, chip, request, w, path);
  return w;
}

}  // namespace anesim
