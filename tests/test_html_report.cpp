// The HTML report (reports/html_report.*): one self-contained page with every panel issue 4 asks
// for, no scripts or network references, byte-identical across writes, and panels the data cannot
// fill replaced by a note rather than an empty chart. tests/html_render_test.sh renders the page
// this file writes to $ANESIM_HTML_OUT in headless Chromium.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "reports/html_report.hpp"
#include "sim/chip_loader.hpp"
#include "sim/config_paths.hpp"

using namespace anesim;

namespace {

RunResult run(const std::string& chip_name, const std::string& layout, std::int64_t seq, std::int64_t batch) {
  static const ModelSpec model = load_model("distilbert", default_config_dir());
  const ChipSpec chip = load_chip(chip_name, default_config_dir());
  RunRequest r;
  r.layout = layout;
  r.seq = seq;
  r.batch = batch;
  return simulate(model, chip, r);
}

// The seed's Figure 2 grid, reduced: distilbert on A15, seq {32, 128, 512} x batch {1, 8}, both layouts.
const std::vector<RunResult>& grid() {
  static const std::vector<RunResult> points = [] {
    std::vector<RunResult> p;
    for (const char* layout : {"baseline", "ane"})
      for (std::int64_t seq : {32, 128, 512})
        for (std::int64_t batch : {1, 8}) p.push_back(run("A15", layout, seq, batch));
    return p;
  }();
  return points;
}

// The grid plus the same model at seq 128, batch 1 on three more chips.
const std::vector<RunResult>& grid_and_chips() {
  static const std::vector<RunResult> points = [] {
    std::vector<RunResult> p = grid();
    for (const char* chip : {"A11", "M1", "M4"})
      for (const char* layout : {"baseline", "ane"}) p.push_back(run(chip, layout, 128, 1));
    return p;
  }();
  return points;
}

std::string render(const std::vector<RunResult>& points, const std::string& title = "distilbert on A15") {
  std::ostringstream out;
  write_html_report(out, title, points);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("html report: the Figure 2 grid gives every panel, self-contained and deterministic") {
  const std::string html = render(grid());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(count(html, "<svg") == count(html, "</svg>"));
  // 2 latency + 2 memory panels, 2 ratio heatmaps, 2 regime maps, 2 op-kind bar charts, 1 engine chart.
  CHECK(count(html, "<svg") == 11);
  for (const char* title : {"Latency, baseline layout", "Latency, ane layout", "Peak memory, baseline layout",
                            "Peak memory, ane layout", "Speedup: baseline latency / ane latency",
                            "Memory saving: baseline / ane peak memory", "What limits it: baseline layout",
                            "What limits it: ane layout", "Where the time goes: seq 512, batch 8", "By op kind, ane layout",
                            "By engine", "sequence length (tokens)", "latency (ms)", "peak memory (MB)", "batch 8"})
    CHECK_MESSAGE(html.find(title) != std::string::npos, title);
  // The regime legend names all three regimes.
  for (const char* regime : {"compute-bound", "bandwidth-bound", "overhead-bound"}) CHECK(html.find(regime) != std::string::npos);
  // Self-contained: no scripts, no links, nothing fetched.
  for (const char* banned : {"http", "<script", "<link", "src=", "url("}) CHECK_MESSAGE(html.find(banned) == std::string::npos, banned);
  // One chip: no chips panel.
  CHECK(html.find("Chips compared") == std::string::npos);
  // Same points, same bytes.
  CHECK(render(grid()) == html);
}

TEST_CASE("html report: the speedup heatmap labels each cell with baseline/ane latency") {
  const std::string html = render(grid());
  // seq 512, batch 8 is the last baseline point and the last ane point of the grid.
  const double ratio = grid()[5].totals.latency_s / grid()[11].totals.latency_s;
  REQUIRE(ratio > 1);
  CHECK(html.find(fmt::format(">{:.2f}x</text>", ratio)) != std::string::npos);
}

TEST_CASE("html report: several chips add the chips panel") {
  const std::string html = render(grid_and_chips(), "distilbert across chips");
  CHECK(html.find("Chips compared") != std::string::npos);
  CHECK(html.find("Latency per chip: distilbert, seq 128, batch 1") != std::string::npos);
  for (const char* chip : {">A11<", ">A15<", ">M1<", ">M4<"}) CHECK_MESSAGE(html.find(chip) != std::string::npos, chip);
  CHECK(count(html, "<svg") == 12);
  CHECK(render(grid_and_chips(), "distilbert across chips") == html);
}

TEST_CASE("html report: panels the data cannot fill become notes") {
  SUBCASE("one point, one layout, no op records") {
    RunResult r = run("A15", "ane", 128, 1);
    r.ops.clear();
    const std::string html = render({r});
    CHECK(html.find("skipped, the runs have one sequence length") != std::string::npos);
    CHECK(html.find("skipped, the runs lack a baseline or an ane layout") != std::string::npos);
    CHECK(html.find("kept without their op records") != std::string::npos);
    CHECK(count(html, "<svg") == 1);  // the regime map alone
    CHECK(html.find("http") == std::string::npos);
  }
  SUBCASE("no points at all") {
    const std::string html = render({});
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("No runs to report.") != std::string::npos);
  }
  SUBCASE("names are escaped") {
    RunResult r = run("A15", "ane", 32, 1);
    r.model = "<b>&model";
    const std::string html = render({r}, "a <title>");
    CHECK(html.find("<b>&model") == std::string::npos);
    CHECK(html.find("&lt;b&gt;&amp;model") != std::string::npos);
    CHECK(html.find("a &lt;title&gt;") != std::string::npos);
  }
}

// tests/html_render_test.sh sets ANESIM_HTML_OUT and runs this case alone.
TEST_CASE("html report: write to $ANESIM_HTML_OUT") {
  const char* path = std::getenv("ANESIM_HTML_OUT");
  if (path == nullptr || *path == '\0') return;
  std::ofstream file(path, std::ios::binary);
  REQUIRE(file.good());
  write_html_report(file, "distilbert: baseline vs ANE layout (A15) and across chips", grid_and_chips());
  CHECK(file.good());
}
