// `anesim sweep`: a study from one YAML file (configs/sweeps/), run on every core, written as
// CSV, JSON and a Markdown report into one folder.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/output_lock.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html_report.hpp"
#include "reports/json_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "sim/config_paths.hpp"
#include "sim/error.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"

namespace anesim {

namespace {

struct SweepOptionsCli {
  std::string sweep;
  std::string out_dir;  // empty: ./sweep-<name>
  unsigned jobs = 0;    // 0: every hardware thread
};

void run(const SweepOptionsCli& o) {
  const SweepSpec spec = load_sweep(o.sweep, default_config_dir());
  const std::filesystem::path dir = o.out_dir.empty() ? std::filesystem::path("sweep-" + spec.name) : std::filesystem::path(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create the output folder '" + dir.string() + "': " + ec.message(), "check the -o path");
  const OutputLock lock(dir);  // held until every file is written

  SweepOptions options;
  options.jobs = o.jobs;
  options.progress = &std::cerr;
  const auto start = std::chrono::steady_clock::now();
  const SweepResult result = run_sweep(spec, options);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  write_output_file(dir / "results.csv", [&](std::ostream& out) { write_csv(out, result.points); });
  write_output_file(dir / "results.json", [&](std::ostream& out) { write_json(out, result.points, false); });
  write_output_file(dir / "report.md", [&](std::ostream& out) { write_markdown(out, result.name, result.description, result.points); });
  write_output_file(dir / "report.html", [&](std::ostream& out) { write_html_report(out, result.name, result.points); });

  const unsigned jobs = o.jobs > 0 ? o.jobs : std::max(1U, std::thread::hardware_concurrency());
  std::cout << fmt::format("{}: {} points in {:.2f} s on {} thread{}\n", result.name, result.points.size(), elapsed, jobs,
                           jobs == 1 ? "" : "s");
  for (const char* file : {"results.csv", "results.json", "report.md"}) std::cout << "  " << (dir / file).string() << '\n';
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
  cmd->footer(
      "Writes DIR/results.csv (one row per point), DIR/results.json (the RunResult totals) and DIR/report.md.\n"
      "Points run in a fixed order: chips, models, layouts, weights, phase, kv_len, seq, batch (innermost).\n"
      "Sweep file keys: name, description, chips, models, layouts, seq, batch, and optionally weights,\n"
      "phase and kv_len (see configs/sweeps/figure2.yaml).\n"
      "\n"
      "Examples:\n"
      "  anesim sweep figure2\n"
      "  anesim sweep figure2 -o reports/examples/figure2 --jobs 2\n"
      "  anesim sweep configs/sweeps/generations.yaml -o /tmp/generations\n"
      "  anesim sweep my-study.yaml --jobs 1");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
