#pragma once
// Finds shipped configs: $ANESIM_CONFIG_DIR, else the source tree's configs/ baked in at build time.
#include <optional>
#include <string>
#include <vector>

namespace anesim {

[[nodiscard]] std::string default_config_dir();
// "A17 Pro", "a17pro" and "A17Pro" all name configs/<kind>/A17Pro.yaml. A file spelt exactly as
// the name is taken first; otherwise the first file, in name order, whose stem matches.
[[nodiscard]] std::string config_key(const std::string& name);
[[nodiscard]] bool looks_like_path(const std::string& name_or_path);
// The YAML files of one kind (chips, models, sweeps), sorted by file name.
[[nodiscard]] std::vector<std::string> config_files(const std::string& config_dir, const std::string& kind);
// The .yaml file in `dir` whose stem config_key()-matches `name`, or nothing.
[[nodiscard]] std::optional<std::string> find_named_config(const std::string& dir, const std::string& name);
// Resolves a name or a path; throws anesim::Error listing the shipped names when nothing matches.
[[nodiscard]] std::string resolve_config(const std::string& name_or_path, const std::string& config_dir,
                                         const std::string& kind);

}  // namespace anesim
