// The writers compare layouts generically (reports/comparison.hpp): the reference layout of
// models/layouts.def first, against each other layout. A third layout, "wide", exists here only as
// a name on hand-made results: the writers must treat it as they treat "ane", without a builder.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "models/layout_catalogue.hpp"
#include "reports/comparison.hpp"
#include "reports/html_report.hpp"
#include "reports/json_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "tests/run_points.hpp"

using namespace anesim;

namespace {

// Latencies are binary fractions so that the ratios below are exact: 3 x 1.953125 ms = 5.859375 ms,
// 1.5 x 1.953125 ms = 2.9296875 ms.
RunResult point(const std::string& layout, double latency_s, std::int64_t peak_bytes) {
  RunResult r = test::distilbert_point(layout, latency_s, peak_bytes);
  r.totals.dram_read_bytes = peak_bytes / 2;
  r.totals.energy_j = latency_s / 4;
  return r;
}

// baseline 5.859375 ms and 120 MB; ane 1.953125 ms and 40 MB; wide 2.9296875 ms and 60 MB.
// baseline / ane = 5.859375 / 1.953125 = 3 in every metric; baseline / wide = 5.859375 / 2.9296875 = 2.
std::vector<RunResult> three_layouts() {
  return {point("baseline", 0.005859375, 120'000'000), point("ane", 0.001953125, 40'000'000),
          point("wide", 0.0029296875, 60'000'000)};
}

}  // namespace

TEST_CASE("layouts.def declares the reference and how reports name each layout") {
  CHECK(reference_layout() == "baseline");
  CHECK(layout_text("ane").label == "ANE");
  CHECK(layout_text("ane").shape == "(B,C,1,S)");
  CHECK(layout_text("baseline").shape == "(B,S,C)");
  // A name layouts.def does not list is reported by itself, with no shape.
  CHECK(layout_text("wide").label == "wide");
  CHECK(layout_text("wide").shape.empty());
}

TEST_CASE("layouts are ordered reference first and paired against it") {
  // The reference, then layouts.def's order (ane), then unlisted names by name.
  const std::vector<std::string> ordered = ordered_layouts({"wide", "ane", "baseline"});
  CHECK(ordered == std::vector<std::string>{"baseline", "ane", "wide"});
  const std::vector<LayoutPair> pairs = layout_pairs(ordered);
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[0].reference == "baseline");
  CHECK(pairs[0].other == "ane");
  CHECK(pairs[1].reference == "baseline");
  CHECK(pairs[1].other == "wide");
  // Without the reference, the first layout present is compared with the rest.
  const std::vector<LayoutPair> without = layout_pairs(ordered_layouts({"wide", "ane"}));
  REQUIRE(without.size() == 1);
  CHECK(without[0].reference == "ane");
  CHECK(without[0].other == "wide");
  CHECK(layout_pairs(ordered_layouts({"ane"})).empty());

  CHECK(is_reference_comparison({"baseline", "ane", "wide"}));
  CHECK(is_reference_comparison({"baseline", "ane"}));
  CHECK_FALSE(is_reference_comparison({"ane", "baseline"}));       // the reference is not first
  CHECK_FALSE(is_reference_comparison({"baseline", "baseline"}));  // one layout twice: a study
  CHECK_FALSE(is_reference_comparison({"baseline"}));
}

TEST_CASE("layout ratios are the reference's figures over the other's") {
  const std::vector<RunResult> runs = three_layouts();
  const LayoutRatios ane = layout_ratios(runs[0].totals, runs[1].totals);
  CHECK(ane.latency == 3);
  CHECK(ane.peak_memory == 3);   // 120 MB / 40 MB
  CHECK(ane.dram_traffic == 3);  // 60 MB / 20 MB
  CHECK(ane.energy == 3);
  const LayoutRatios wide = layout_ratios(runs[0].totals, runs[2].totals);
  CHECK(wide.latency == 2);
  CHECK(wide.peak_memory == 2);  // 120 MB / 60 MB
  // An other layout with no time or traffic gives 0, not infinity.
  CHECK(layout_ratios(runs[0].totals, RunTotals{}).latency == 0);
}

TEST_CASE("a third layout gets its ratios in JSON, Markdown and HTML") {
  const std::vector<RunResult> runs = three_layouts();
  std::ostringstream json, markdown, html;
  write_json(json, runs, false);
  // JSON numbers in shortest form: 3 and 2 exactly.
  CHECK(json.str().find("\"baseline_over_ane\": {\"latency\": 3, \"peak_memory\": 3, \"dram_traffic\": 3, \"energy\": 3}") !=
        std::string::npos);
  CHECK(json.str().find("\"baseline_over_wide\": {\"latency\": 2, \"peak_memory\": 2, \"dram_traffic\": 2, \"energy\": 2}") !=
        std::string::npos);
  // Streamed a run at a time, the same text.
  std::ostringstream rows;
  JsonRunsWriter writer(rows, false);
  for (const RunResult& r : runs) writer.add(r);
  writer.finish();
  CHECK(rows.str() == json.str());

  write_markdown(markdown, "three layouts", "", runs);
  const std::string md = markdown.str();
  CHECK(md.find("## Baseline (B,S,C) over ANE (B,C,1,S) layout") != std::string::npos);
  CHECK(md.find("## Baseline (B,S,C) over wide layout") != std::string::npos);
  CHECK(md.find("The wide layout is up to 2.00x faster and takes up to 2.00x less peak memory "
                "(ratios above 1 favour the wide layout).") != std::string::npos);
  // 5.859375 ms and 2.9296875 ms to three decimals; 120 MB and 60 MB to one.
  CHECK(md.find("| baseline (ms) | wide (ms) | latency | baseline (MB) | wide (MB) | peak memory | DRAM traffic |") !=
        std::string::npos);
  CHECK(md.find("| 5.859 | 2.930 | 2.00x | 120.0 | 60.0 | 2.00x | 2.00x |") != std::string::npos);

  write_html_report(html, "three layouts", runs);
  const std::string page = html.str();
  CHECK(page.find("layouts: baseline, ane, wide") != std::string::npos);
  CHECK(page.find("<h3>Baseline over ANE layout</h3>") != std::string::npos);
  CHECK(page.find("<h3>Baseline over wide layout</h3>") != std::string::npos);
  CHECK(page.find("Speedup: baseline latency / wide latency") != std::string::npos);
  CHECK(page.find("<div class=\"value\">2.00x</div><div class=\"label\">faster in the wide layout, seq 128, batch 1</div>") !=
        std::string::npos);
  CHECK(page.find("What limits it: wide layout") != std::string::npos);
}

TEST_CASE("runs that are not one comparison carry no ratios") {
  std::vector<RunResult> runs = three_layouts();
  std::swap(runs[0], runs[1]);  // ane first: not the reference's comparison
  std::ostringstream json;
  write_json(json, runs, false);
  CHECK(json.str().find("_over_") == std::string::npos);
}
