#pragma once
// The anesim subcommands. Each registers its options and a callback on the CLI11 app; a callback
// returns nothing and reports a failure by throwing anesim::Error, which main turns into the exit
// code (cli/main.cpp lists them: 1 for an anesim::Error, 2 for bad flags, 3 for anything else).
#include <CLI/CLI.hpp>

namespace anesim {

void add_run_command(CLI::App& app);
void add_chips_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_advise_command(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);

}  // namespace anesim
