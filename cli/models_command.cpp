// `anesim models`: the shipped models with their sizes.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "models/model_spec.hpp"
#include "reports/units.hpp"
#include "core/config_paths.hpp"

namespace anesim {

void add_models_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("models", "List the shipped models");
  cmd->footer("Example:\n  anesim models");
  cmd->callback([] {
    TextTable table({"model", "parameters", "layers", "hidden", "heads", "ffn", "max seq", "source"});
    for (const auto& file : config_files(default_config_dir(), "models")) {
      const ModelSpec m = load_model_file(file);
      table.row({m.name, format_count(m.closed_form_parameters()), std::to_string(m.layers),
                 std::to_string(m.hidden_size), std::to_string(m.heads), std::to_string(m.ffn_size),
                 std::to_string(m.max_positions), m.hf_id});
    }
    table.print(std::cout);
  });
}

}  // namespace anesim
