#pragma once
// A waterfall chart for advise.html: the first bar a run's total, each later bar floating from the
// step before's total to its own (green: the step saves, red: it costs), so the bars' heights are
// the steps' savings and their ends the totals. One <svg> element, fixed precision, no scripts.
#include <string>
#include <vector>

namespace anesim::svg {

struct WaterfallBar {
  std::string label;    // under the bar: "+heads"
  double value = 0;     // the step's total, in the chart's unit
  std::string tooltip;  // the step's full title and figures
};

struct WaterfallChart {
  std::string title;  // "latency (ms)"
  std::string unit;   // "ms", after each saving label
  std::vector<WaterfallBar> bars;
  int width = 597;
  int height = 340;
};

[[nodiscard]] std::string waterfall_chart(const WaterfallChart& chart);

}  // namespace anesim::svg
