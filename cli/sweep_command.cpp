// `anesim sweep`: a study from one YAML file (configs/sweeps/), run on every core (or --jobs), written
// into one folder: results.csv and results.json row by row as points finish, then report.md and
// report.html.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/output_lock.hpp"
#include "reports/report_formats.hpp"
#include "reports/units.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sweep/sweep_report_plan.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"
#include "validation/validation_set.hpp"

namespace anesim {

namespace {

struct SweepOptionsCli {
  std::string sweep;
  std::string out_dir;  // empty: ./sweep-<name>
  unsigned jobs = 0;    // 0: every hardware thread
  std::string measured;  // a validation set whose points report.html draws over the predictions
};

// A validation set's points as the report draws them.
std::vector<MeasuredPoint> measured_points(const ValidationSet& set) {
  std::vector<MeasuredPoint> out;
  for (const ValidationPoint& p : set.points) {
    MeasuredPoint m;
    m.model = p.model.name;
    m.chip = p.chip.name;
    m.layout = p.request.layout;
    m.batch = p.request.batch;
    m.seq = p.request.seq;
    m.power_state = p.averages_states() ? "mean" : p.power_states.front();
    m.latency = p.metric == PointMetric::latency;
    m.value = p.measured;
    out.push_back(std::move(m));
  }
  return out;
}

// "report.md and report.html": the files written after the last point, for the progress line.
std::string report_file_list() {
  const auto formats = sweep_report_formats();
  std::string list;
  for (std::size_t i = 0; i < formats.size(); ++i)
    list += (i == 0 ? "" : i + 1 == formats.size() ? " and " : ", ") + std::string(formats[i].file);
  return list;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Seconds a point takes: the median of up to three points spread over the sweep (one thread, op
// records off, as most points run), after one untimed point that pays the first run's set-up.
// The estimate printed before the sweep starts.
double seconds_per_point(const SweepSpec& spec, std::size_t size) {
  SweepOptions options;
  options.jobs = 1;
  options.keep_ops = false;
  auto run_point = [&](std::size_t index) { stream_sweep_range(spec, index, index + 1, options, [](std::size_t, RunResult&&) {}); };
  run_point(0);
  const std::size_t samples = std::min<std::size_t>(size, 3);
  std::vector<double> seconds;
  for (std::size_t k = 0; k < samples; ++k) {
    const auto start = std::chrono::steady_clock::now();
    run_point(samples == 1 ? 0 : k * (size - 1) / (samples - 1));
    seconds.push_back(seconds_since(start));
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

void run(const SweepOptionsCli& o) {
  const SweepSpec spec = load_sweep(o.sweep, default_config_dir());
  const std::vector<MeasuredPoint> measured =
      o.measured.empty() ? std::vector<MeasuredPoint>{} : measured_points(load_validation(o.measured, default_config_dir()));
  const std::filesystem::path dir = o.out_dir.empty() ? std::filesystem::path("sweep-" + spec.name) : std::filesystem::path(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create the output folder '" + dir.string() + "': " + ec.message(), "check the -o path");
  const OutputLock lock(dir);  // held until every file is written

  const unsigned jobs = o.jobs > 0 ? o.jobs : std::max(1U, std::thread::hardware_concurrency());
  const std::size_t size = sweep_size(spec);
  const double estimate_s = size == 0 ? 0 : seconds_per_point(spec, size) * static_cast<double>(size) / jobs;
  std::cout << fmt::format("{}: {} points on {} thread{}, about {} (timed on {} of them)\n", spec.name, size, jobs,
                           jobs == 1 ? "" : "s", format_seconds(estimate_s), std::min<std::size_t>(size, 3))
            << std::flush;

  // Only the points the reports read are kept, and of those only the drawn ones with op records;
  // every point's row is written as it finishes, so memory does not grow with the sweep.
  const SweepReportPlan plan = plan_sweep_reports(spec);
  std::vector<RunResult> report_points;  // report.md's
  std::vector<RunResult> drawn_points;   // report.html's, unless they are report.md's
  report_points.reserve(plan.report_points);
  const bool html_separate = !plan.html_draws_the_report_points();
  if (html_separate) drawn_points.reserve(plan.html_points.size());
  // Each row format's file, open from the first point to the last (reports/formats.def).
  std::vector<std::unique_ptr<OutputFile>> row_files;
  std::vector<std::unique_ptr<SweepRowWriter>> rows;
  for (const SweepRowsFormat& format : sweep_row_formats()) {
    row_files.push_back(std::make_unique<OutputFile>(dir / format.file));
    rows.push_back(format.open(row_files.back()->stream()));
  }

  SweepOptions options;
  options.jobs = jobs;
  // A terminal gets a \r progress line; a log or a pipe gets none (it would be one line of \r's).
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  options.progress = terminal ? &std::cerr : nullptr;
  options.share_graphs = false;  // a bounded window of results, whatever the sweep's size
  options.keep_ops_for = [&](std::size_t index) { return std::binary_search(plan.op_points.begin(), plan.op_points.end(), index); };
  const auto start = std::chrono::steady_clock::now();
  stream_sweep_range(spec, 0, size, options, [&](std::size_t index, RunResult&& r) {
    for (const auto& writer : rows) writer->add(r);
    if (html_separate && std::binary_search(plan.html_points.begin(), plan.html_points.end(), index)) drawn_points.push_back(r);
    if (index < plan.report_points) report_points.push_back(std::move(r));
  });
  const double elapsed = seconds_since(start);
  for (const auto& writer : rows) writer->finish();
  for (const auto& file : row_files) file->commit();

  const auto reports_start = std::chrono::steady_clock::now();
  if (terminal) std::cerr << "writing " << report_file_list() << " ..." << std::flush;
  SweepReport report;
  report.title = spec.name;
  report.description = spec.description;
  report.listed = &report_points;
  report.listed_notice = plan.markdown_notice;
  report.drawn = html_separate ? &drawn_points : &report_points;
  report.drawn_notice = plan.html_notice;
  report.measured = &measured;
  for (const SweepReportFormat& format : sweep_report_formats())
    write_output_file(dir / format.file, [&](std::ostream& out) { format.write(out, report); });
  const double reports_s = seconds_since(reports_start);
  if (terminal) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;

  std::cout << fmt::format("{}: {} points in {:.2f} s on {} thread{} ({:.0f} points/s), reports in {:.2f} s\n", spec.name, size,
                           elapsed, jobs, jobs == 1 ? "" : "s", elapsed > 0 ? static_cast<double>(size) / elapsed : 0.0, reports_s);
  for (const std::string& file : sweep_files()) std::cout << "  " << (dir / file).string() << '\n';
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptionsCli>();
  auto* cmd = app.add_subcommand("sweep", "Run a sweep (the cartesian product of a YAML file's axes) and write its reports");
  cmd->add_option("sweep", options->sweep, "Shipped sweep name (configs/sweeps/) or path to a sweep YAML")
      ->required()
      ->type_name("FILE|NAME");
  cmd->add_option("-o,--out", options->out_dir, "Output folder (default: ./sweep-<name>); created if missing")->type_name("DIR");
  cmd->add_option("--jobs", options->jobs, "Worker threads (default: every hardware thread); results do not depend on it")
      ->check(CLI::Range(1U, 1024U));
  cmd->add_option("--measured", options->measured,
                  "Draw a validation set's device measurements (configs/validation/, or a path) over report.html's "
                  "predicted lines; points that average the power states get a mean-of-states study")
      ->type_name("SET");
  cmd->footer(
      "Writes DIR/report.html (charts: latency and memory vs seq, speedup and regime maps, where the\n"
      "time goes), DIR/report.md (every run as a table), DIR/results.csv (one row per point) and\n"
      "DIR/results.json (the RunResult totals). Rows are written as points finish, so memory does not\n"
      "grow with the sweep; a sweep over 20000 points lists its first 20000 in report.md, and\n"
      "report.html draws at most 16 seq and 16 batch values (each report says so).\n"
      "Points run in a fixed order: chips, power_state, models, layouts, weights, phase, kv_len, seq,\n"
      "batch (innermost); the size and an estimated time are printed before the sweep starts.\n"
      "Sweep file keys: name, description, chips, models, layouts, seq, batch, and optionally weights,\n"
      "phase, kv_len and power_state (see configs/sweeps/figure2.yaml and generations.yaml).\n"
      "\n"
      "Examples:\n"
      "  anesim sweep figure2\n"
      "  anesim sweep figure2 -o reports/examples/figure2 --jobs 2\n"
      "  anesim sweep figure2-states --measured figure2   # Apple's Figure 2 over the predictions\n"
      "  anesim sweep configs/sweeps/generations.yaml -o /tmp/generations\n"
      "  anesim sweep my-study.yaml --jobs 1");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
