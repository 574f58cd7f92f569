// anesim: a cost model of the Apple Neural Engine. Exit codes: 0 success, 1 invalid input
// (an anesim::Error: bad config, unknown chip, impossible size), 2 usage error (bad flags).
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "core/error.hpp"
#include "core/heap_policy.hpp"

#ifndef ANESIM_VERSION
#define ANESIM_VERSION "0.0.0"
#endif

namespace {

struct Command {
  const char* name;
  void (*add)(CLI::App&);
};
// In the order `anesim --help` lists them.
constexpr Command k_commands[] = {
    {"run", &anesim::add_run_command},         {"chips", &anesim::add_chips_command},
    {"models", &anesim::add_models_command},   {"sweep", &anesim::add_sweep_command},
    {"validate", &anesim::add_validate_command}, {"advise", &anesim::add_advise_command},
    {"generate", &anesim::add_generate_command}, {"calibrate", &anesim::add_calibrate_command},
};

// Setting up every command's options took 0.8 M instructions, a tenth of an `anesim run` (CLI11
// builds each option's strings, checks and callbacks; issue 22). A call whose first word is a
// command, and which names no other anywhere, sets up that command alone; any other call (no
// command, --help, --version, a second command's name, say as a value) sets up all of them, so
// CLI11 parses and prints exactly as it did.
void add_commands(CLI::App& app, int argc, char** argv) {
  const Command* first = nullptr;
  int named = 0;
  for (int i = 1; i < argc; ++i) {
    for (const Command& command : k_commands) {
      if (std::string_view(argv[i]) != command.name) continue;
      if (i == 1) first = &command;
      ++named;
    }
  }
  if (first != nullptr && named == 1) {
    first->add(app);
    return;
  }
  for (const Command& command : k_commands) command.add(app);
}

}  // namespace

int main(int argc, char** argv) try {  // the outer handler catches what setting up the commands throws
  anesim::keep_heap_between_runs();  // sweeps run thousands of simulations
  CLI::App app{"anesim: predict latency, memory and DRAM traffic of Transformers on the Apple Neural Engine"};
  app.set_version_flag("--version", std::string("anesim ") + ANESIM_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  anesim run --model distilbert --chip A15 --layout both --seq 128 --batch 1\n"
      "  anesim run --model distilbert --chip A15 --layout ane --seq 512 --batch 8 --json\n"
      "  anesim sweep figure2 -o sweep-figure2\n"
      "  anesim validate\n"
      "  anesim chips\n"
      "  anesim advise --model distilbert --chip A15\n"
      "  anesim generate --model llama-3.2-1b --chip M4 --prompt 512 --new-tokens 256\n"
      "  anesim calibrate figure2 --chip A15");
  add_commands(app, argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const anesim::Error& e) {
    std::cerr << "anesim: error: " << e.what() << '\n';
    return 1;
  }
  // Writes to a full disk or a closed pipe fail only when the buffer is flushed; unchecked, a
  // truncated or empty output would look like a complete one with exit 0.
  if (!anesim::flush_standard_output()) return 1;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "anesim: internal error: " << e.what() << '\n';
  return 3;
}
