// `anesim chips`: every shipped chip and its parameters, as a table.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "reports/units.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"

namespace anesim {

void add_chips_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("chips", "List the shipped ANE chips and their parameters");
  cmd->footer(
      "Example:\n  anesim chips\nEach value's source is a comment in configs/chips/<name>.yaml; a variant's file\n"
      "(base: M3) writes only what differs from its base. ANE figures are one instance's: a model runs\n"
      "on one ANE, also on an Ultra (ANEs = 2). ANE DRAM BW = min(DRAM BW x efficiency, ANE port).");
  cmd->callback([] {
    TextTable table({"chip", "family", "variant", "year", "ANEs", "cores", "fp16 peak", "DRAM BW", "ANE port", "ANE DRAM BW",
                     "L2", "SLC", "dispatch", "vector", "CPU"});
    for (const ChipSpec& c : load_all_chips(default_config_dir())) {
      table.row({c.name, c.generation, c.variant.empty() ? "-" : c.variant, std::to_string(c.year),
                 std::to_string(c.ane_instances), std::to_string(c.cores), format_rate(c.peak_fp16_flops_per_s, "FLOP"),
                 format_rate(c.dram_bandwidth_Bps, "B"), format_rate(c.stream_ceiling_Bps, "B"),
                 format_rate(c.ane_dram_bandwidth_Bps(), "B"), format_bytes(static_cast<double>(c.l2_bytes)),
                 format_bytes(static_cast<double>(c.slc_bytes)),
                 format_seconds(c.program_dispatch_s), format_rate(c.vector_flops_per_s, "FLOP"),
                 format_rate(c.cpu_flops_per_s, "FLOP")});
    }
    table.print(std::cout);
  });
}

}  // namespace anesim
