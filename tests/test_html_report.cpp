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
#include "reports/measured_points.hpp"
#include "reports/palette.hpp"
#include "reports/svg_chart.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"

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

// A decode run: the axes a decoder study sweeps besides seq and batch.
RunResult decode_run(const std::string& model_name, const std::string& chip_name, const std::string& layout, DType weights,
                     std::int64_t kv_len) {
  const ModelSpec model = load_model(model_name, default_config_dir());
  RunRequest r;
  r.layout = layout;
  r.seq = 1;
  r.weights = weights;
  r.options.phase = Phase::decode;
  r.options.kv_len = kv_len;
  return simulate(model, load_chip(chip_name, default_config_dir()), r);
}

RunResult state_run(const std::string& chip_name, const std::string& layout, const std::string& state) {
  static const ModelSpec model = load_model("distilbert", default_config_dir());
  RunRequest r;
  r.layout = layout;
  r.seq = 128;
  r.power_state = state;
  return simulate(model, load_chip(chip_name, default_config_dir()), r);
}

// The text between `open` and the next line starting with one of `ends` (or the end).
std::string section(const std::string& html, const std::string& open, const std::vector<std::string>& ends) {
  const auto at = html.find(open);
  if (at == std::string::npos) return "";
  std::size_t end = std::string::npos;
  for (const std::string& e : ends) end = std::min(end, html.find("\n" + e, at + open.size()));
  return html.substr(at, end == std::string::npos ? std::string::npos : end - at);
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
  CHECK(html.find("<h2>Chips compared: distilbert</h2>") != std::string::npos);
  CHECK(html.find("<h3>seq 128, batch 1</h3>") != std::string::npos);
  for (const char* chip : {">A11<", ">A15<", ">M1<", ">M4<"}) CHECK_MESSAGE(html.find(chip) != std::string::npos, chip);
  CHECK(count(html, "<svg") == 14);  // the grid's 11, then latency, energy and power per chip
  CHECK(render(grid_and_chips(), "distilbert across chips") == html);
}

TEST_CASE("html report: panels the data cannot fill become notes") {
  SUBCASE("one point, one layout, no op records") {
    RunResult r = run("A15", "ane", 128, 1);
    r.ops.clear();
    const std::string html = render({r});
    CHECK(html.find("skipped, the runs have one sequence length") != std::string::npos);
    CHECK(html.find("skipped, the runs have one layout and the maps compare two") != std::string::npos);
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

TEST_CASE("html report: every swept axis has its charts (chips x models x weights x kv_len x layouts)") {
  std::vector<RunResult> points;
  for (const char* chip : {"A15", "M4"})
    for (const char* model : {"gpt2", "qwen2.5-0.5b"})
      for (DType w : {DType::fp16, DType::int8, DType::int4})
        for (std::int64_t kv : {128, 256})
          for (const char* layout : {"baseline", "ane"}) points.push_back(decode_run(model, chip, layout, w, kv));
  const std::string html = render(points, "decode study");
  CHECK(html.find("weights: fp16, int8, int4 · KV cache: 128, 256") != std::string::npos);  // the subtitle
  for (const char* model : {"gpt2", "qwen2.5-0.5b"}) {
    const std::string part = section(html, fmt::format("<h2>Chips compared: {}</h2>", model), {"<h2>", "<footer>"});
    REQUIRE_MESSAGE(!part.empty(), model);
    for (const char* w : {"fp16", "int8", "int4"}) {
      for (int kv : {128, 256}) {
        const std::string row = section(part, fmt::format("<h3>{} weights · KV cache {} · seq 1, batch 1</h3>", w, kv), {"<h2>", "<h3>"});
        CAPTURE(model);
        CAPTURE(w);
        CAPTURE(kv);
        // Latency, energy and power; each a bar per chip and layout.
        CHECK(count(row, "<svg class=\"chart\"") == 3);
        CHECK(count(row, "><title>A15 baseline layout:") == 3);
        CHECK(count(row, "><title>M4 ane layout:") == 3);
      }
    }
  }
  CHECK(render(points, "decode study") == html);
}

TEST_CASE("html report: power states get energy and power charts, a bar per chip, layout and state") {
  std::vector<RunResult> points;
  for (const char* chip : {"A15", "M1", "M4"})
    for (const char* layout : {"baseline", "ane"})
      for (const char* state : {"high", "low"}) points.push_back(state_run(chip, layout, state));
  const std::string html = render(points, "generations");
  const std::string part = section(html, "<h2>Chips compared: distilbert</h2>", {"<h2>", "<footer>"});
  for (const char* title : {"<title>Latency</title>", "<title>Energy per inference</title>", "<title>Average power</title>"})
    CHECK_MESSAGE(count(part, title) == 1, title);
  for (const char* series : {"baseline, high power", "baseline, low power", "ane, high power", "ane, low power"}) {
    CHECK_MESSAGE(count(part, fmt::format("><title>M1 {}:", series)) == 3, series);
  }
  CHECK(part.find(std::string(palette::k_ane_light)) != std::string::npos);  // the low state's shade
}

TEST_CASE("html report: regime map text fits its cell, however many sequence lengths") {
  std::vector<RunResult> points;
  for (const char* layout : {"baseline", "ane"})
    for (std::int64_t seq : {16, 32, 64, 96, 128, 192, 256, 384, 512})
      for (std::int64_t batch : {1, 8}) points.push_back(run("A15", layout, seq, batch));
  const std::string html = render(points);
  const std::string maps = section(html, "<h3>Regime map</h3>", {"<h3>", "<h2>"});
  REQUIRE(!maps.empty());
  // Each cell: <rect x y width=W ...><title>seq ...</title></rect> then its <text> lines.
  std::size_t cells = 0;
  for (auto at = maps.find("<title>seq "); at != std::string::npos; at = maps.find("<title>seq ", at + 1)) {
    const auto rect = maps.rfind("<rect ", at);
    const auto w_at = maps.find("width=\"", rect) + 7;
    const double cell_w = std::stod(maps.substr(w_at, maps.find('"', w_at) - w_at));
    // The cell's own lines: the bold <text> elements right after its </rect>.
    auto text_at = maps.find("</rect>", at) + 7;
    int lines = 0;
    while (maps.compare(text_at, 6, "<text ") == 0 && maps.find("font-weight=\"bold\"", text_at) < maps.find('>', text_at)) {
      const auto f_at = maps.find("font-size=\"", text_at) + 11;
      const double font_px = std::stod(maps.substr(f_at, maps.find('"', f_at) - f_at));
      const auto open_end = maps.find('>', text_at) + 1;
      const auto close = maps.find("</text>", open_end);
      const std::string label = maps.substr(open_end, close - open_end);
      CAPTURE(label);
      CHECK(svg::label_width_px(label, font_px) <= cell_w - 4);
      CHECK(font_px >= 9);
      ++lines;
      text_at = close + 8;  // past "</text>\n"
    }
    CHECK(lines >= 1);  // the share at least: "77%" where "compute 77%" cannot fit
    CHECK(lines <= 2);
    ++cells;
  }
  CHECK(cells == 2 * 9 * 2);
  // A wide label in a narrow cell goes on two lines rather than into the neighbour.
  const svg::CellLabel two = svg::fit_label("compute 77%", 60);
  CHECK(two.lines == std::vector<std::string>{"compute", "77%"});
  CHECK(two.fits);
  CHECK_FALSE(svg::fit_label("compute 77%", 30).fits);  // then the map writes the short label, "77%"
  CHECK(svg::label_width_px("compute 77%", 11) >= 84);  // DejaVu Sans Bold, 11 px: 84 px as Chromium draws it
}

TEST_CASE("html report: colours come from the one palette") {
  const std::string html = render(grid());
  CHECK(html.find(std::string("fill=\"") + std::string(palette::regime_colour(Regime::bandwidth)) + "\"") != std::string::npos);
  CHECK(html.find(std::string("stroke=\"") + std::string(palette::k_series[0]) + "\"") != std::string::npos);  // batch 1
  CHECK(html.find(std::string("stroke=\"") + std::string(palette::k_series[1]) + "\"") != std::string::npos);  // batch 8
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

TEST_CASE("mean_of_power_states averages latency over a point's states and keeps the rest") {
  // Two states of one point, 2 ms and 6 ms: the mean run has 4 ms and power state "mean"; a point
  // run in one state only has no mean.
  RunResult high, low, alone;
  high.model = low.model = alone.model = "m";
  high.chip = low.chip = alone.chip = "c";
  high.layout = low.layout = "ane";
  alone.layout = "baseline";
  high.power_state = alone.power_state = "high";
  low.power_state = "low";
  high.totals.latency_s = 2e-3;
  low.totals.latency_s = 6e-3;
  high.totals.peak_memory_bytes = low.totals.peak_memory_bytes = 1000;
  const std::vector<RunResult> means = mean_of_power_states({high, low, alone});
  REQUIRE(means.size() == 1);
  CHECK(means[0].power_state == "mean");
  CHECK(means[0].layout == "ane");
  CHECK(means[0].totals.latency_s == doctest::Approx(4e-3));
  CHECK(means[0].totals.peak_memory_bytes == 1000);
}

TEST_CASE("html report: measured points are hollow diamonds over their study's lines, Figure 2's over the mean of the states") {
  // The reduced grid in both states, and three measurements: Figure 2's optimized batch-8 line at
  // seq 32 (20.03 ms, a mean of the states), the Xcode median of the ANE layout at seq 128, batch 1
  // (3.48 ms, the fast state) and one on a chip the sweep lacks (M4).
  std::vector<RunResult> points;
  static const ModelSpec model = load_model("distilbert", default_config_dir());
  const ChipSpec chip = load_chip("A15", default_config_dir());
  for (const char* state : {"high", "low"})
    for (std::int64_t seq : {32, 128})
      for (std::int64_t batch : {1, 8}) {
        RunRequest r;
        r.layout = "ane";
        r.seq = seq;
        r.batch = batch;
        r.power_state = state;
        points.push_back(simulate(model, chip, r));
      }
  const std::vector<MeasuredPoint> measured{{"distilbert", "A15", "ane", 8, 32, "mean", true, 20.03e-3},
                                            {"distilbert", "A15", "ane", 1, 128, "high", true, 3.48e-3},
                                            {"distilbert", "M4", "ane", 1, 128, "high", true, 2e-3}};
  std::ostringstream out;
  write_html_report(out, "t", points, "", measured);
  const std::string html = out.str();
  CHECK(html.find("<h2>distilbert on A15 (mean of the power states) · prefill · fp16 weights</h2>") != std::string::npos);
  // Each drawn point carries its value in its tooltip: 20.03 ms on the mean study, 3.48 ms on the
  // fast state's; the M4 point is counted in the note instead.
  CHECK(html.find("<title>measured, batch 8, x 32: 20 ms</title>") != std::string::npos);
  CHECK(html.find("<title>measured, batch 1, x 128: 3.48 ms</title>") != std::string::npos);
  CHECK(html.find("1 of the 3 measured points match no study drawn here") != std::string::npos);
  // Without measurements the report has no mean study and no diamond.
  std::ostringstream plain;
  write_html_report(plain, "t", points);
  CHECK(plain.str().find("mean of the power states") == std::string::npos);
  CHECK(plain.str().find("<polygon") == std::string::npos);
}
