// `anesim calibrate`: fits a chip's free parameters to a measurement file (a validation set's
// format) and prints the fit; -o writes the calibrated chip file (calibration/calibrate.hpp).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "calibration/calibrate.hpp"
#include "calibration/free_parameters.hpp"
#include "chip/chip_loader.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "core/config_paths.hpp"
#include "reports/calibration_report.hpp"

namespace anesim {

namespace {

struct CalibrateOptions {
  std::string measurements;
  std::string chip;
  std::vector<std::string> fit;
  std::string output;  // the calibrated chip file; empty: none
  std::string name;    // its chip name; empty: "<chip> calibrated"
  bool leave_one_out = true;
  bool quiet = false;
};

void run(const CalibrateOptions& o) {
  const ValidationSet set = load_validation(o.measurements, default_config_dir());
  const ChipSpec chip = load_chip(o.chip, default_config_dir());
  CalibrationOptions options;
  options.fit = o.fit;
  options.leave_one_out = o.leave_one_out;
  if (!o.quiet) {
    options.progress = [](const std::string& stage, std::size_t done, std::size_t of) {
      std::cerr << fmt::format("\r{}: {}/{}", stage, done, of) << (done == of ? "\n" : "") << std::flush;
    };
  }
  const Calibration c = calibrate(set, chip, options);
  write_calibration_markdown(std::cout, c);
  if (o.output.empty()) return;
  const std::string name = o.name.empty() ? chip.name + " calibrated" : o.name;
  write_output_file(o.output, [&](std::ostream& out) { write_calibrated_chip_file(out, c, calibrated_chip_base(o.chip, chip), name); });
  std::cout << "\nWrote " << o.output << ": use it as `--chip " << o.output << "`.\n";
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  auto* cmd = app.add_subcommand("calibrate", "Fit a chip's free parameters to your own device measurements");
  cmd->add_option("measurements", options->measurements,
                  "Measurement file, in the format of configs/validation/*.yaml (a shipped set's name or a path)")
      ->required()
      ->type_name("FILE|NAME");
  cmd->add_option("--chip", options->chip, "Chip whose parameters are fitted (shipped name or chip YAML); the file's points on it are used")
      ->required()
      ->type_name("NAME|FILE");
  std::string defaults;
  for (const std::string& p : default_free_parameters()) defaults += (defaults.empty() ? "" : ",") + p;
  cmd->add_option("--fit", options->fit, "Chip parameters to fit, comma-separated (default: the estimated ones: " + defaults + ")")
      ->delimiter(',')
      ->type_name("NAME,...");
  cmd->add_option("-o,--output", options->output, "Write the calibrated chip file (base: CHIP plus the fitted values) here")->type_name("FILE");
  cmd->add_option("--name", options->name, "The calibrated chip's name (default: \"CHIP calibrated\")");
  cmd->add_flag("!--no-leave-one-out", options->leave_one_out, "Skip the leave-one-out refits (one fit per point)");
  cmd->add_flag("-q,--quiet", options->quiet, "No progress on stderr");
  cmd->footer(
      "Fits by least squares on log(predicted / measured), within each parameter's valid range, and prints each\n"
      "parameter before and after with one standard error, each point's error before and after, and the\n"
      "leave-one-out error: each point predicted by a fit that never saw it. A parameter no point responds\n"
      "to is reported and left alone.\n"
      "\n"
      "Examples:\n"
      "  anesim calibrate figure2 --chip A15\n"
      "  anesim calibrate my-iphone.yaml --chip A15 --fit mac_efficiency,dram_efficiency -o my-A15.yaml");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
