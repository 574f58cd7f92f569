#pragma once
// The what-if path of `anesim advise`: the seed's principles applied one after another, each step
// a run of the graph the builder writes with one more switch on (models/layout_principles.hpp),
// then narrower weights: baseline -> +(B,C,1,S) and Conv2d 1x1 -> +per-head split -> +einsum, no
// transposes -> +additive mask (= the `ane` layout) -> +int8 -> +int4. Each step's saving is the
// step before it minus it, so the layout steps' savings add up to baseline minus ane exactly.
#include <cstdint>
#include <string>
#include <vector>

#include "advice/finding.hpp"
#include "chip/chip_spec.hpp"
#include "models/model_spec.hpp"
#include "models/simulate.hpp"

namespace anesim {

// The figures a step is shown with: the run's totals the waterfall charts.
struct StepFigures {
  double latency_s = 0;
  std::int64_t peak_memory_bytes = 0;
  std::int64_t dram_bytes = 0;  // DRAM reads + writes
  double energy_j = 0;
};

struct WaterfallStep {
  std::string title;      // "baseline", "+(B,C,1,S) and Conv2d 1x1", ..., "+int4"
  Principle principle = Principle::data_format;  // the principle the step applies (the first: none, data_format)
  std::string layout;     // the layout run, "baseline+bc1s" ...
  std::string weights;    // the weight precision run
  bool fits = true;
  StepFigures figures;
  StepFigures saving;     // `from` minus this one (zero for the first cumulative step)
  std::string from;       // the run the saving is against: the step before, or a fix's own start
};

struct Waterfall {
  std::vector<WaterfallStep> steps;  // empty when the model is not the builder's (an ONNX import)
  std::string not_applicable;        // why steps is empty
  std::size_t ane_step = 0;          // the step that is the `ane` layout (the last layout step)
  // Each fix on its own: applied to the baseline, or to the switches it needs (`heads` to
  // `baseline+bc1s`, `einsum` to `baseline+bc1s+heads`), its saving against that run; int8 and
  // int4 on the baseline layout. What each fix buys without the others, where the cumulative path
  // shows what it buys after them (the mask: 10 ms after the others, at seq 128, because the
  // per-head split multiplied its CPU selects).
  std::vector<WaterfallStep> alone;
};

// From request.layout's and request.weights' point of view nothing changes: the path always starts
// at `baseline` with the request's weights and goes to int4; precisions no narrower than the
// request's are left out.
[[nodiscard]] Waterfall principles_waterfall(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request);

[[nodiscard]] StepFigures step_figures(const RunTotals& totals);

}  // namespace anesim
