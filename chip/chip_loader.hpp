#pragma once
// Reads and validates chip configs. A chip is named by a shipped name ("A15", "A17 Pro", "a17pro")
// or by a path to the user's own YAML file; both go through the same validation.
#include <string>
#include <vector>

#include "chip/chip_spec.hpp"

namespace anesim {

[[nodiscard]] ChipSpec load_chip_file(const std::string& path);
// The same, appending every file it read to `files_read`: the chip's own, then its base: chain's.
[[nodiscard]] ChipSpec load_chip_file_recording(const std::string& path, std::vector<std::string>& files_read);
[[nodiscard]] ChipSpec load_chip(const std::string& name_or_path, const std::string& config_dir);
// Every shipped chip, ordered by family then year then name.
[[nodiscard]] std::vector<ChipSpec> load_all_chips(const std::string& config_dir);

}  // namespace anesim
