// anesim: a cost model of the Apple Neural Engine. Exit codes: 0 success, 1 invalid input
// (an anesim::Error: bad config, unknown chip, impossible size), 2 usage error (bad flags).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/standard_output.hpp"
#include "core/error.hpp"
#include "core/heap_policy.hpp"

#ifndef ANESIM_VERSION
#define ANESIM_VERSION "0.0.0"
#endif

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
  anesim::add_run_command(app);
  anesim::add_chips_command(app);
  anesim::add_models_command(app);
  anesim::add_sweep_command(app);
  anesim::add_validate_command(app);
  anesim::add_advise_command(app);
  anesim::add_generate_command(app);
  anesim::add_calibrate_command(app);
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
