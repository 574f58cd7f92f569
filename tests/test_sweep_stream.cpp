// Sweeps that scale (issue 16): points decoded from their index match the listed ones; a streamed
// sweep hands its points over in sweep order whatever the threads and the window, with the numbers
// of the collected sweep; op records are kept only where asked, and dropped ones free their memory;
// the report plan keeps the records the HTML draws; a streamed output file is renamed only whole.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cli/output_file.hpp"
#include "models/simulate.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html_report.hpp"
#include "reports/json_writer.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sweep/sweep_order.hpp"
#include "sweep/sweep_report_plan.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"

using namespace anesim;
namespace fs = std::filesystem;

namespace {

// Two chips, two states, two decoders run in both phases.
const SweepSpec& mixed() {
  static const SweepSpec spec = load_sweep_text(
      "name: mixed\ndescription: d\nchips: [A15, M1]\npower_state: [high, low]\nmodels: [qwen2.5-0.5b, gpt2]\n"
      "layouts: [baseline, ane]\nweights: [fp16, int8]\nseq: [16, 32]\nbatch: [1, 2]\nphase: [prefill, decode]\nkv_len: [64, 128]\n",
      "<mixed>", default_config_dir());
  return spec;
}

// Encoders, one with a fixed sequence (ViT runs 197 tokens whatever the seq axis says).
const SweepSpec& fixed() {
  static const SweepSpec spec = load_sweep_text(
      "name: fixed\ndescription: d\nchips: [A15, M1]\nmodels: [vit-base-patch16-224, distilbert]\n"
      "layouts: [baseline, ane]\nseq: [16, 32, 64]\nbatch: [1, 2]\n",
      "<fixed>", default_config_dir());
  return spec;
}

std::string csv_of(const std::vector<RunResult>& runs) {
  std::ostringstream out;
  write_csv(out, runs);
  return out.str();
}

}  // namespace

TEST_CASE("a point decoded from its index is the listed point, with the labels its run carries") {
  const SweepSpec generations = load_sweep("generations", default_config_dir());
  for (const SweepSpec* spec : {&mixed(), &fixed(), &generations}) {
    const auto points = sweep_points(*spec);
    REQUIRE(points.size() == sweep_size(*spec));
    for (std::size_t i = 0; i < points.size(); ++i) {
      INFO("point " << i);
      const SweepPoint p = sweep_point_at(*spec, i);
      CHECK(p.chip == points[i].chip);
      CHECK(p.model == points[i].model);
      CHECK(p.layout == points[i].layout);
      CHECK(p.weights == points[i].weights);
      CHECK(p.phase == points[i].phase);
      CHECK(p.kv_len == points[i].kv_len);
      CHECK(p.seq == points[i].seq);
      CHECK(p.batch == points[i].batch);
      CHECK(p.power_state == points[i].power_state);
    }
  }
  // The labels the reports plan by are those of the real runs.
  for (const SweepSpec* spec : {&mixed(), &fixed()}) {
  const SweepResult run = run_sweep(*spec, {.jobs = 2, .progress = nullptr, .keep_ops = false});
  for (std::size_t i = 0; i < run.points.size(); ++i) {
    INFO("point " << i);
    const RunResult planned = planned_labels(*spec, sweep_point_at(*spec, i));
    const RunResult& r = run.points[i];
    CHECK(planned.model == r.model);
    CHECK(planned.chip == r.chip);
    CHECK(planned.layout == r.layout);
    CHECK(planned.seq == r.seq);
    CHECK(planned.batch == r.batch);
    CHECK(planned.phase == r.phase);
    CHECK(planned.kv_len == r.kv_len);
    CHECK(planned.weights == r.weights);
    CHECK(planned.sparsity == r.sparsity);
    CHECK(planned.power_state == r.power_state);
  }
  }
}

TEST_CASE("a streamed sweep hands over its points in sweep order, whatever the threads and the window") {
  const SweepSpec& spec = mixed();
  const std::string whole = csv_of(run_sweep(spec, {.jobs = 2, .progress = nullptr, .keep_ops = false}).points);
  for (const unsigned jobs : {1U, 2U, 3U}) {
    for (const std::size_t window : {std::size_t{1}, std::size_t{3}, std::size_t{256}}) {
      INFO("jobs " << jobs << ", window " << window);
      SweepOptions options{.jobs = jobs, .progress = nullptr, .keep_ops = false};
      options.share_graphs = false;
      options.window = window;
      std::vector<RunResult> got;
      std::vector<std::size_t> indices;
      stream_sweep_range(spec, 0, sweep_size(spec), options, [&](std::size_t index, RunResult&& r) {
        indices.push_back(index);
        got.push_back(std::move(r));
      });
      REQUIRE(indices.size() == sweep_size(spec));
      for (std::size_t i = 0; i < indices.size(); ++i) CHECK(indices[i] == i);
      CHECK(csv_of(got) == whole);
    }
  }
  // A range, streamed: indices are the whole sweep's.
  SweepOptions options{.jobs = 2, .progress = nullptr, .keep_ops = false};
  options.share_graphs = false;
  std::vector<std::size_t> indices;
  stream_sweep_range(spec, 5, 9, options, [&](std::size_t index, RunResult&&) { indices.push_back(index); });
  CHECK(indices == std::vector<std::size_t>{5, 6, 7, 8});
}

TEST_CASE("a sink that throws stops the sweep, and its error is the one rethrown") {
  SweepOptions options{.jobs = 2, .progress = nullptr, .keep_ops = false};
  options.share_graphs = false;
  options.window = 2;
  std::size_t received = 0;
  CHECK_THROWS_WITH_AS(stream_sweep_range(mixed(), 0, sweep_size(mixed()), options,
                                          [&](std::size_t, RunResult&&) {
                                            if (++received == 3) throw Error("disk full");
                                          }),
                       "disk full", Error);
  CHECK(received == 3);
}

TEST_CASE("op records are kept for the points asked for alone, and dropped ones free their memory") {
  SweepOptions options{.jobs = 2, .progress = nullptr, .keep_ops = true};
  options.share_graphs = false;
  options.keep_ops_for = [](std::size_t index) { return index == 3 || index == 17; };
  stream_sweep_range(mixed(), 0, 20, options, [&](std::size_t index, RunResult&& r) {
    INFO("point " << index);
    if (index == 3 || index == 17) {
      CHECK(!r.ops.empty());
      CHECK(r.op_names != nullptr);
    } else {
      // `ops = {}` emptied the vector but kept its capacity: 110-188 KB a point.
      CHECK(r.ops.capacity() == 0);
      CHECK(r.op_names == nullptr);
    }
  });
  RunRequest request;
  request.keep_ops = false;
  const RunResult direct = simulate(mixed().models[0], mixed().chips[0], request);
  CHECK(direct.ops.capacity() == 0);
}

TEST_CASE("the report plan keeps the op records report.html draws, and says when it draws a sample") {
  const SweepSpec figure2 = load_sweep("figure2", default_config_dir());
  const SweepReportPlan plan = plan_sweep_reports(figure2);
  CHECK(plan.report_points == 40);
  CHECK(plan.html_points.size() == 40);
  CHECK(plan.html_draws_the_report_points());
  // The breakdown's point is seq 512, batch 8 (the last of each layout's 20 points).
  CHECK(plan.op_points == std::vector<std::size_t>{19, 39});
  const SweepResult run = run_sweep(figure2, {.jobs = 2});
  const auto drawn = html_report_op_runs(run.points);
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[0] == &run.points[19]);
  CHECK(drawn[1] == &run.points[39]);

  CHECK(spread_sample({1, 2, 3, 4, 5}, 3) == std::vector<std::int64_t>{1, 3, 5});
  CHECK(spread_sample({1, 2}, 16) == std::vector<std::int64_t>{1, 2});
  std::vector<std::int64_t> batches;
  for (std::int64_t b = 1; b <= 250; ++b) batches.push_back(b);
  const auto sample = spread_sample(batches, 16);
  CHECK(sample.size() == 16);
  CHECK(sample.front() == 1);
  CHECK(sample.back() == 250);
}

TEST_CASE("a streamed output file appears whole at commit, or not at all") {
  const fs::path dir = fs::temp_directory_path() / ("anesim_stream_file_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "results.csv";
  {
    OutputFile file(path);
    file.stream() << "header\nrow 1\n";
    CHECK(!fs::exists(path));  // streamed rows go to the temporary file
  }
  CHECK(fs::is_empty(dir));  // destroyed uncommitted: nothing left
  {
    OutputFile file(path);
    file.stream() << "header\nrow 1\n";
    file.commit();
  }
  std::ifstream in(path);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "header\nrow 1\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("JSON and CSV written a run at a time are the files written at once") {
  const SweepResult run = run_sweep(load_sweep("figure2", default_config_dir()), {.jobs = 2, .progress = nullptr, .keep_ops = false});
  std::ostringstream whole_json, rows_json, rows_csv;
  write_json(whole_json, run.points, false);
  JsonRunsWriter writer(rows_json, false);
  write_csv_header(rows_csv);
  for (const RunResult& r : run.points) {
    writer.add(r);
    write_csv_row(rows_csv, r);
  }
  writer.finish();
  CHECK(rows_json.str() == whole_json.str());
  CHECK(rows_csv.str() == csv_of(run.points));
  // Two runs, baseline then ane, keep their ratios.
  const std::vector<RunResult> pair{run.points[0], run.points[20]};
  std::ostringstream pair_whole, pair_rows;
  write_json(pair_whole, pair, false);
  JsonRunsWriter pair_writer(pair_rows, false);
  for (const RunResult& r : pair) pair_writer.add(r);
  pair_writer.finish();
  CHECK(pair_rows.str() == pair_whole.str());
  CHECK(pair_rows.str().find("baseline_over_ane") != std::string::npos);
}
