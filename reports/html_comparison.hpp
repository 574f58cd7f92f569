#pragma once
// report.html's comparison sections: every run axis other than sequence length and batch (chip,
// weights, KV-cache length, sparsity, phase, model, power state) made visible as small multiples.
//  - The first axis with several values, in that order, is the bar chart's rows (chips, usually).
//  - The model, when it is not the rows, gives one section per model.
//  - Every other axis with several values gives one panel row per combination of its values.
//  - Layouts, and power states when they are not the rows, are the bars within a row.
//  - Each panel row shows latency and, when the runs counted energy, energy per inference and
//    average power, at the (seq, batch) most of its rows ran (the largest such).
// Empty when no such axis has two values (a single chip and model: the seq x batch study covers it).
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim::html {

[[nodiscard]] std::string comparison_sections(const std::vector<RunResult>& points);
// "weights: fp16, int8 · KV cache: 128, 256": every axis above with several values, for a subtitle.
[[nodiscard]] std::string varying_axes_summary(const std::vector<RunResult>& points);

}  // namespace anesim::html
