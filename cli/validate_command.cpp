// `anesim validate`: predicts each published measurement of a validation set (configs/validation/)
// and prints how far off the prediction is, as Markdown, or writes it as CSV.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "reports/validation_report.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "validation/validate.hpp"

namespace anesim {

namespace {

struct ValidateOptions {
  std::string set = "published";
  std::string csv;  // empty: Markdown on stdout
};

void run(const ValidateOptions& o) {
  const ValidationSet set = load_validation(o.set, default_config_dir());
  const std::vector<ValidationRow> rows = run_validation(set);
  if (o.csv.empty()) {
    write_validation_markdown(std::cout, set, rows);
    return;
  }
  write_output_file(o.csv, [&](std::ostream& out) { write_validation_csv(out, rows); });
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  auto* cmd = app.add_subcommand("validate", "Compare predictions with published measurements from real devices");
  cmd->add_option("set", options->set, "Shipped validation set (configs/validation/) or path to one")
      ->capture_default_str()
      ->type_name("FILE|NAME");
  cmd->add_option("--csv", options->csv, "Write one CSV row per point to FILE instead of the Markdown report")->type_name("FILE");
  cmd->footer(
      "Each point names a model, chip, layout, seq and batch, the latency a source measured, and its role:\n"
      "calibration (a chip parameter was set from it) or held_out (none was). error = predicted / measured - 1.\n"
      "\n"
      "Examples:\n"
      "  anesim validate\n"
      "  anesim validate --csv validation.csv\n"
      "  anesim validate my-measurements.yaml");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
