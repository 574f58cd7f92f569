#pragma once
// The sections report.html draws for each study (reports/html_study.hpp), one file each:
//  html_vs_seq.cpp         latency and peak memory vs sequence length, a panel per layout
//  html_ratio_maps.cpp     the reference layout over each other: speedup and memory-saving maps
//  html_regime_maps.cpp    what limits each run, a map per layout
//  html_breakdown.cpp      where the time goes at the chosen point, by op kind and by engine
//  html_summary_cards.cpp  the chosen point's figures as cards
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reports/html_study.hpp"
#include "reports/measured_points.hpp"

namespace anesim::html {

struct VsSeqPanel {
  std::string what;     // "Latency"
  std::string y_label;  // "latency (ms)"
  std::string unit;     // "ms"
  double (*metric)(const RunResult&);
  bool latency;  // which measured points it draws
};

[[nodiscard]] std::string vs_seq_panels(const Study& s, const VsSeqPanel& panel, const std::vector<MeasuredPoint>& measured);
// The measured points a study's chart of one layout and batch draws: the study's model and chip,
// and for latency the study's power state ("mean" for the mean-of-states study); memory has none.
[[nodiscard]] std::vector<std::pair<double, double>> measured_series(const Study& s, const std::vector<MeasuredPoint>& measured,
                                                                     bool latency, const std::string& layout, std::int64_t batch);
// With its own headings, one per pair of layouts.
[[nodiscard]] std::string ratio_maps(const Study& s);
[[nodiscard]] std::string regime_maps(const Study& s);
// Empty when no point is chosen.
[[nodiscard]] std::string breakdown_section(const Study& s);
[[nodiscard]] std::string summary_cards(const Study& s);

}  // namespace anesim::html
