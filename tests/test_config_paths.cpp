// Config names: a file spelt as the name is taken without listing the folder, any other spelling
// finds the first file, in name order, whose stem matches it; nothing matching lists the names.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/config_paths.hpp"
#include "core/error.hpp"

using namespace anesim;
namespace fs = std::filesystem;

namespace {
// A config folder with chips/<name>.yaml for each name, removed when the test ends.
struct ConfigFolder {
  fs::path root;
  explicit ConfigFolder(std::initializer_list<std::string> names) {
    root = fs::temp_directory_path() / ("anesim_config_paths_" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "chips");
    for (const std::string& name : names) std::ofstream(root / "chips" / (name + ".yaml")) << "name: " << name << "\n";
  }
  ~ConfigFolder() { fs::remove_all(root); }
  [[nodiscard]] std::string chips(const std::string& file) const { return (root / "chips" / file).string(); }
};
}  // namespace

TEST_CASE("a name resolves to the file spelt so, else to the first file whose stem matches it") {
  // Both stems reduce to the key "m1max"; "M1-Max.yaml" sorts first ('-' is 0x2d, 'M' 0x4d).
  const ConfigFolder folder({"M1-Max", "M1Max", "A15"});
  const std::string dir = folder.root.string();
  CHECK(resolve_config("M1Max", dir, "chips") == folder.chips("M1Max.yaml"));    // spelt: taken as it is
  CHECK(resolve_config("M1-Max", dir, "chips") == folder.chips("M1-Max.yaml"));  // spelt
  CHECK(resolve_config("m1 max", dir, "chips") == folder.chips("M1-Max.yaml"));  // matched: first in order
  CHECK(resolve_config("a15", dir, "chips") == folder.chips("A15.yaml"));
  CHECK(find_named_config((folder.root / "chips").string(), "M1Max") == folder.chips("M1Max.yaml"));
  CHECK(find_named_config((folder.root / "chips").string(), "m1max") == folder.chips("M1-Max.yaml"));
  CHECK_FALSE(find_named_config((folder.root / "chips").string(), "A16").has_value());
  try {
    (void)resolve_config("A16", dir, "chips");
    FAIL("an unknown chip resolved");
  } catch (const Error& e) {
    CHECK(std::string(e.message()) == "unknown chip 'A16'");
    CHECK(std::string(e.hint()) == "valid choices: A15, M1-Max, M1Max (or a path to your own .yaml file)");
  }
}

TEST_CASE("a missing config folder is an error naming it, and finds no named config") {
  const ConfigFolder folder({"A15"});
  const std::string dir = folder.root.string();
  // "models" was never created: listing it is the user's error, with the folder in the message.
  try {
    (void)config_files(dir, "models");
    FAIL("a missing folder listed");
  } catch (const Error& e) {
    CHECK(std::string(e.message()) == "config folder '" + (folder.root / "models").string() +
                                          "' does not exist or cannot be listed");
  }
  CHECK_THROWS_AS((void)resolve_config("distilbert", dir, "models"), Error);
  CHECK_FALSE(find_named_config((folder.root / "models").string(), "distilbert").has_value());
  CHECK(config_files(dir, "chips") == std::vector<std::string>{folder.chips("A15.yaml")});
}
