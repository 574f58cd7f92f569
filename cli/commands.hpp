#pragma once
// The anesim subcommands. Each registers its options on the CLI11 app and returns the exit code
// through `run`; errors propagate as anesim::Error and are reported by main.
#include <CLI/CLI.hpp>

namespace anesim {

void add_run_command(CLI::App& app);
void add_chips_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_validate_command(CLI::App& app);

}  // namespace anesim
