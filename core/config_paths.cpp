#include "core/config_paths.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "core/choice_list.hpp"
#include "core/error.hpp"

#ifndef ANESIM_DEFAULT_CONFIG_DIR
#define ANESIM_DEFAULT_CONFIG_DIR "configs"
#endif

namespace anesim {

namespace fs = std::filesystem;

std::string default_config_dir() {
  if (const char* env = std::getenv("ANESIM_CONFIG_DIR"); env && *env) return env;
  return ANESIM_DEFAULT_CONFIG_DIR;
}

std::string config_key(const std::string& name) {
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

bool looks_like_path(const std::string& name_or_path) {
  // .json and .onnx too: `--model config.json` is a file the user has, not a misspelt shipped name.
  return name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml") ||
         name_or_path.ends_with(".yml") || name_or_path.ends_with(".json") || name_or_path.ends_with(".onnx");
}

namespace {
// The .yaml files in `dir`, in name order; nothing when `dir` is not a folder that can be listed.
std::optional<std::vector<std::string>> yaml_files_in(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") files.push_back(it->path().string());
  }
  if (ec) return std::nullopt;
  std::sort(files.begin(), files.end());
  return files;
}

// `dir`/`name`.yaml when it is a file: the name as the file spells it needs no listing of the
// folder: listing the chips and models folders was 5 % of an `anesim run` (0.25 M instructions).
std::optional<std::string> file_spelt(const fs::path& dir, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return std::nullopt;
  fs::path file = dir / (name + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return file.string();
}

// The file among `files` whose stem spells `name` (case, spaces and punctuation aside).
std::optional<std::string> file_named(const std::vector<std::string>& files, const std::string& name) {
  const std::string key = config_key(name);
  for (const auto& file : files) {
    if (config_key(fs::path(file).stem().string()) == key) return file;
  }
  return std::nullopt;
}
}  // namespace

std::vector<std::string> config_files(const std::string& config_dir, const std::string& kind) {
  const fs::path dir = fs::path(config_dir) / kind;
  auto files = yaml_files_in(dir);
  if (!files) {
    throw Error("config folder '" + dir.string() + "' does not exist or cannot be listed",
                "run from the source tree or set ANESIM_CONFIG_DIR to anesim's configs/ folder");
  }
  return std::move(*files);
}

std::optional<std::string> find_named_config(const std::string& dir, const std::string& name) {
  if (auto spelt = file_spelt(dir, name)) return spelt;
  const auto files = yaml_files_in(dir);
  if (!files) return std::nullopt;
  return file_named(*files, name);
}

std::string resolve_config(const std::string& name_or_path, const std::string& config_dir, const std::string& kind) {
  if (looks_like_path(name_or_path)) {
    // A path that cannot even be looked at (a loop of symbolic links, a folder without search
    // permission) is the user's to fix, as a missing file is: an anesim::Error, not an exception
    // the CLI takes for an internal failure.
    std::error_code ec;
    const bool exists = fs::exists(name_or_path, ec);
    if (ec) {
      const bool loop = ec == std::errc::too_many_symbolic_link_levels;
      throw Error("cannot open '" + name_or_path + "': " + ec.message(),
                  loop ? "the path is a loop of symbolic links; point it at a real .yaml file"
                       : "check the path and the permissions of its folders");
    }
    if (!exists) {
      throw Error("no such file '" + name_or_path + "'", "check the path, or give a shipped " + kind + " name");
    }
    return name_or_path;
  }
  if (auto spelt = file_spelt(fs::path(config_dir) / kind, name_or_path)) return *spelt;
  const auto files = config_files(config_dir, kind);  // throws when the folder is missing
  if (auto found = file_named(files, name_or_path)) return *found;  // one listing, not two
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const auto& file : files) names.push_back(fs::path(file).stem().string());
  const std::string one = kind.ends_with('s') ? kind.substr(0, kind.size() - 1) : kind;  // "chips" -> "chip"
  throw Error("unknown " + one + " '" + name_or_path + "'",
              "valid choices: " + choice_list(names) + " (or a path to your own .yaml file)");
}

}  // namespace anesim
